package academy.pipeline.download.zoom;

/** Zoom refused the download token (401/403, or a 200 HTML page): worth one try with a fresh token. Carries no token. */
final class TokenRejected extends RuntimeException {

    TokenRejected(String reason) {
        super(reason, null, false, false);
    }
}
