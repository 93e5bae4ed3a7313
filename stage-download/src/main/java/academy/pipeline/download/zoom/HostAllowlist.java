package academy.pipeline.download.zoom;

import academy.pipeline.core.runtime.FatalStepException;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a Zoom download may contact. Checked before every request, including each redirect hop, so
 * neither a forged webhook URL nor a redirect can make the stage reach an internal address (SSRF).
 */
final class HostAllowlist {

    private final List<String> entries;

    HostAllowlist(List<String> entries) {
        this.entries = entries.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
    }

    boolean allows(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return false;
        }
        if (uri.getRawUserInfo() != null || uri.getHost() == null) {
            return false;
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        for (String entry : entries) {
            if (host.equals(entry) || (!isIpLiteral(entry) && host.endsWith("." + entry))) {
                return true;
            }
        }
        return false;
    }

    /** @throws FatalStepException naming the host (never the query, which may be a signature) */
    void require(URI uri, String what) {
        if (!allows(uri)) {
            throw new FatalStepException("refused to contact " + uri.getScheme() + "://" + uri.getHost()
                    + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + " (" + what
                    + "): host is not on the Zoom download allowlist " + entries);
        }
    }

    private static boolean isIpLiteral(String entry) {
        return entry.startsWith("[") || entry.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
