package academy.pipeline.gateway.intake;

import java.util.Map;

/**
 * Body of {@code POST /custom-upload}.
 *
 * @param path     absolute path of a file on the server, inside one of the allowed directories
 * @param title    title of the recording; default: the file name
 * @param metadata extra attributes passed through to the website (string values)
 */
record CustomUploadRequest(String path, String title, Map<String, String> metadata) {
}
