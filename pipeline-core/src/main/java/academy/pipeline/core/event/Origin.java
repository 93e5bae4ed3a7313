package academy.pipeline.core.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where the bytes of a recording come from, before stage-download has spooled them.
 *
 * @param url          download URL (Zoom), or null
 * @param token        short-lived download token sent as a bearer token (Zoom); never logged
 * @param path         absolute path of a file on the server (tus upload or custom upload), or null
 * @param expectedSize size in bytes announced by the source, or null when unknown
 * @param fileName     original file name, used for the spooled and archived names
 * @param contentType  MIME type announced by the source, or null
 * @param zoom         which Zoom meeting file it is ({@code zoom} recordings), or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Origin(String url, String token, String path, Long expectedSize, String fileName, String contentType,
                     ZoomFile zoom) {

    /** A Zoom cloud recording file, downloaded from {@code url} with the bearer {@code token}. */
    public static Origin ofZoom(ZoomFile zoom, String url, String token, Long expectedSize, String fileName,
                                String contentType) {
        return new Origin(url, token, null, expectedSize, fileName, contentType, zoom);
    }

    public static Origin ofPath(String path, Long expectedSize, String fileName, String contentType) {
        return new Origin(null, null, path, expectedSize, fileName, contentType, null);
    }

    public Origin withToken(String newToken) {
        return new Origin(url, newToken, path, expectedSize, fileName, contentType, zoom);
    }

    Origin withZoom(ZoomFile newZoom) {
        return new Origin(url, token, path, expectedSize, fileName, contentType, newZoom);
    }

    /** Masks the token so an accidental log line cannot leak it. */
    @Override
    public String toString() {
        return "Origin[url=" + url + ", token=" + (token == null ? "null" : "***") + ", path=" + path
                + ", expectedSize=" + expectedSize + ", fileName=" + fileName + ", contentType=" + contentType
                + ", zoom=" + zoom + "]";
    }
}
