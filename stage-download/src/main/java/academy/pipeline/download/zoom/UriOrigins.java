package academy.pipeline.download.zoom;

import java.net.URI;
import java.util.Locale;

/** The scheme, host and port of Zoom URLs: what errors may name, and who may see the bearer token. */
final class UriOrigins {

    private UriOrigins() {
    }

    /** Scheme, host and port only: paths and queries of Zoom URLs carry signatures. */
    static String describe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && effectivePort(a) == effectivePort(b);
    }

    private static int effectivePort(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }
}
