package academy.pipeline.stream.bunny;

import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.core.runtime.HttpStatuses;
import academy.pipeline.core.runtime.RetryableStepException;
import academy.pipeline.core.spool.TransferListener;
import io.tus.java.client.ProtocolException;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One tus upload of a spooled file to one Bunny video, with tus-java-client: {@link #create()} or
 * {@link #resume(URL)}, then {@link #send}. The file is streamed from disk through the client's chunk buffer.
 * Failures are mapped for the runtime: 401/403 fatal (wrong key or signature), 404/410 {@link UploadGoneException},
 * 429/5xx and I/O errors retryable, other statuses fatal.
 */
final class VideoUpload implements AutoCloseable {

    private final SigningTusClient client;
    private final TusUpload upload;
    private final SeekableFileInputStream input;
    private final int chunkSize;
    private final int requestSize;
    private final String videoId;
    private TusUploader uploader;

    VideoUpload(SigningTusClient client, URL creationUrl, String videoId, Path file, long size, String title,
                String fileType, int chunkSize, int requestSize) throws IOException {
        this.client = client;
        this.videoId = videoId;
        this.chunkSize = chunkSize;
        this.requestSize = requestSize;
        this.input = new SeekableFileInputStream(file);
        client.setUploadCreationURL(SizedPatchConnection.wrap(creationUrl, size, requestSize));
        this.upload = new TusUpload();
        upload.setSize(size);
        upload.setInputStream(input);
        upload.setFingerprint(videoId);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("filetype", fileType);
        metadata.put("title", title);
        upload.setMetadata(metadata);
    }

    /** Creates the tus upload (POST) and returns its URL; the upload then starts at offset 0. */
    URL create() throws IOException {
        try {
            uploader = configure(client.createUpload(upload));
            return uploader.getUploadURL();
        } catch (ProtocolException e) {
            throw mapped(e, "create the upload");
        }
    }

    /** Asks Bunny for the upload's offset (HEAD) and continues from there. */
    void resume(URL uploadUrl) throws IOException, UploadGoneException {
        try {
            uploader = configure(client.beginOrResumeUploadFromURL(upload,
                    SizedPatchConnection.wrap(uploadUrl, upload.getSize(), requestSize)));
        } catch (ProtocolException e) {
            throw goneOrMapped(e, "resume the upload");
        }
    }

    long offset() {
        return uploader.getOffset();
    }

    /**
     * Sends the rest of the file. Loops on the offset rather than on {@code uploadChunk() > -1}: when the size
     * is a multiple of the request size the client would otherwise open one more, empty, request.
     */
    void send(TransferListener listener) throws IOException, UploadGoneException {
        long size = upload.getSize();
        try {
            while (uploader.getOffset() < size) {
                if (uploader.uploadChunk() < 0) {
                    throw new IOException("spooled file ended at byte " + uploader.getOffset() + " of " + size);
                }
                listener.transferred(uploader.getOffset());
            }
            uploader.finish();
        } catch (ProtocolException e) {
            throw goneOrMapped(e, "upload at offset " + uploader.getOffset());
        }
    }

    private TusUploader configure(TusUploader created) {
        created.setChunkSize(chunkSize);
        created.setRequestPayloadSize(requestSize);
        return created;
    }

    private RuntimeException goneOrMapped(ProtocolException e, String action) throws UploadGoneException {
        int status = status(e);
        if (status == 404 || status == 410) {
            throw new UploadGoneException("Bunny no longer knows the tus upload of video " + videoId
                    + " (HTTP " + status + " on " + action + ")");
        }
        return mapped(e, action);
    }

    private RuntimeException mapped(ProtocolException e, String action) {
        int status = status(e);
        String what = "Bunny Stream tus endpoint answered HTTP " + status + " to " + action + " of video " + videoId;
        if (status == 401 || status == 403) {
            return new FatalStepException(what + ": the upload signature was refused; check the library id and "
                    + "its API key (BUNNY_LIBRARY_ID, BUNNY_API_KEY)", e);
        }
        if (status < 300) {
            // no status, or a 2xx the client found wrong (an unexpected Upload-Offset): resuming re-reads the offset
            return new RetryableStepException("tus protocol error on " + action + " of video " + videoId + ": "
                    + e.getMessage(), e);
        }
        if (HttpStatuses.isRetryable(status) || status == 409) {
            return new RetryableStepException(what, e);
        }
        return new FatalStepException(what, e);
    }

    private static int status(ProtocolException e) {
        HttpURLConnection connection = e.getCausingConnection();
        if (connection == null) {
            return -1;
        }
        try {
            return connection.getResponseCode();
        } catch (IOException io) {
            return -1;
        }
    }

    @Override
    public void close() throws IOException {
        input.close();
    }
}
