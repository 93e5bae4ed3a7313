package academy.pipeline.testkit.bunny;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One video of the double's library, with Bunny's VideoModel status codes (0 Created, 1 Uploaded,
 * 2 Processing, 3 Transcoding, 4 Finished, 5 Error, 6 UploadFailed). Mutable, guarded by its own lock.
 */
public final class DoubleVideo {

    public static final int CREATED = 0;
    public static final int UPLOADED = 1;
    public static final int PROCESSING = 2;
    public static final int FINISHED = 4;
    public static final int ERROR = 5;
    public static final int UPLOAD_FAILED = 6;

    private final String libraryId;
    private final String guid;
    private final String title;
    private final String collectionId;
    private final Instant dateUploaded;
    private int status = CREATED;
    private long storageSize;
    private String uploadId;

    DoubleVideo(String libraryId, String guid, String title, String collectionId, Instant dateUploaded) {
        this.libraryId = libraryId;
        this.guid = guid;
        this.title = title;
        this.collectionId = collectionId;
        this.dateUploaded = dateUploaded;
    }

    public String guid() {
        return guid;
    }

    public String title() {
        return title;
    }

    public String collectionId() {
        return collectionId;
    }

    public synchronized int status() {
        return status;
    }

    synchronized void status(int newStatus) {
        status = newStatus;
    }

    /** The tus upload id the bytes went to last, or null before any upload was created. */
    public synchronized String uploadId() {
        return uploadId;
    }

    synchronized void uploadId(String id) {
        uploadId = id;
    }

    synchronized void uploaded(long size) {
        storageSize = size;
        status = UPLOADED;
    }

    /** The VideoModel JSON shape of Bunny's Stream API (the fields a client reads). */
    synchronized Map<String, Object> toJson() {
        boolean done = status == FINISHED;
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("videoLibraryId", Long.parseLong(libraryId));
        json.put("guid", guid);
        json.put("title", title);
        json.put("dateUploaded", dateUploaded.toString());
        json.put("views", 0);
        json.put("isPublic", false);
        json.put("length", done ? 60 : 0);
        json.put("status", status);
        json.put("framerate", done ? 30.0 : 0.0);
        json.put("width", done ? 1280 : 0);
        json.put("height", done ? 720 : 0);
        json.put("availableResolutions", done ? "360p,720p" : null);
        json.put("thumbnailCount", 0);
        json.put("encodeProgress", done ? 100 : status == PROCESSING ? 50 : 0);
        json.put("storageSize", storageSize);
        json.put("captions", List.of());
        json.put("hasMP4Fallback", false);
        json.put("collectionId", collectionId == null ? "" : collectionId);
        json.put("thumbnailFileName", "thumbnail.jpg");
        json.put("category", "unknown");
        json.put("chapters", List.of());
        json.put("moments", List.of());
        json.put("metaTags", List.of());
        json.put("transcodingMessages", List.of());
        json.put("hasOriginal", status != CREATED);
        return json;
    }
}
