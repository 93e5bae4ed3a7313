package academy.pipeline.stream.bunny;

/** The tus upload a previous attempt created no longer exists on Bunny's side (404/410): it cannot be resumed. */
final class UploadGoneException extends Exception {

    UploadGoneException(String message) {
        super(message);
    }
}
