package academy.pipeline.gateway.web;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** Whether a request's {@code Content-Type} is {@code application/json} (parameters such as charset allowed). */
public final class JsonContentType {

    private JsonContentType() {
    }

    public static boolean is(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_JSON.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
