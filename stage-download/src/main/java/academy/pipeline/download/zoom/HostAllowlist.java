package academy.pipeline.download.zoom;

import academy.pipeline.core.runtime.FatalStepException;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * The hosts a Zoom download may contact, over https on port 443 only. Checked before every request, including each redirect hop, so
 * neither a forged webhook URL nor a redirect can make the stage reach an internal address (SSRF).
 */
final class HostAllowlist {

    private final List<String> entries;
    private final boolean allowInsecure;

    /**
     * @param allowInsecure also allow {@code http} and ports other than 443: for tests against local doubles
     *                      only ({@code pipeline.zoom.allow-insecure-hosts})
     */
    HostAllowlist(List<String> entries, boolean allowInsecure) {
        this.entries = entries.stream().map(e -> e.trim().toLowerCase(Locale.ROOT)).filter(e -> !e.isEmpty()).toList();
        this.allowInsecure = allowInsecure;
    }

    boolean allows(URI uri) {
        return secure(uri) && listed(uri);
    }

    /** https on port 443, or (test setting) http and any port. */
    private boolean secure(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (allowInsecure) {
            return scheme.equals("https") || scheme.equals("http");
        }
        return scheme.equals("https") && (uri.getPort() == -1 || uri.getPort() == 443);
    }

    private boolean listed(URI uri) {
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
        String target = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        if (!listed(uri)) {
            throw new FatalStepException("refused to contact " + target + " (" + what
                    + "): host is not on the Zoom download allowlist " + entries);
        }
        if (!secure(uri)) {
            throw new FatalStepException("refused to contact " + target + " (" + what
                    + "): Zoom downloads use only https on port 443");
        }
    }

    private static boolean isIpLiteral(String entry) {
        return entry.startsWith("[") || entry.chars().allMatch(c -> Character.isDigit(c) || c == '.');
    }
}
