package academy.pipeline.gateway.tus;

import academy.pipeline.gateway.GatewaySettings;
import academy.pipeline.gateway.intake.AllowedDirectories;
import academy.pipeline.gateway.intake.Attributes;
import academy.pipeline.gateway.intake.RecordingIntake;
import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.CallerCheck;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /manual-upload}: an external tus server reports a finished upload in the tus storage directory.
 * Served on the public port only (the operator port answers 404 for it), so the internal token
 * ({@code pipeline.gateway.internal-token}) is always required, whatever the caller's address: a same-host proxy
 * makes every caller look like 127.0.0.1. The file must resolve (symlinks followed) inside that directory, but
 * not inside the gateway's own {@code uploads/} (those are published when they finish). The recording is the same
 * as one finished through {@code /tusupload}; a second report of the same {@code ace_id} answers 200 with the
 * existing recording and publishes nothing.
 */
@RestController
class ManualUploadController {

    /**
     * The answer: the recording's id. No status link: the status API is on the operator port, which callers of
     * the public port need not reach.
     */
    public record Accepted(String recordingId) {
    }

    private final RecordingIntake intake;
    private final AllowedDirectories tusDirectory;
    private final Path ownUploads;
    private final GatewaySettings settings;
    private final Clock clock;

    public ManualUploadController(RecordingIntake intake, TusUploadStore store, GatewaySettings settings,
                                  Clock clock) throws IOException {
        this.intake = intake;
        this.tusDirectory = new AllowedDirectories(java.util.List.of(store.storageDir()));
        this.ownUploads = store.uploadsDir();
        this.settings = settings;
        this.clock = clock;
    }

    @PostMapping(path = "/manual-upload", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<Accepted> upload(@RequestBody ManualUploadRequest payload, HttpServletRequest request) {
        CallerCheck.requireLoopbackOr(request, settings.internalToken(), "/manual-upload");
        if (payload == null) {
            throw ApiException.badRequest("missing_body", "a JSON body {ace_id, path, metadata?} is required");
        }
        ManualUploadRequest body = payload.normalized();
        Map<String, String> metadata = Attributes.validate(body.metadata());
        String aceId = body.aceId() != null ? body.aceId() : metadata.get("ace_id");
        if (aceId == null || aceId.isBlank() || aceId.length() > Attributes.MAX_VALUE_LENGTH) {
            throw ApiException.badRequest("missing_ace_id", "ace_id is required");
        }
        Path file = tusDirectory.requireAllowedFile(body.path());
        if (file.startsWith(ownUploads)) {
            throw new ApiException(HttpStatus.CONFLICT, "own_tus_upload",
                    "uploads of /tusupload are published by the gateway itself when they finish");
        }
        String recordingId = ManualRecordingIds.of(aceId);
        if (intake.isKnown(recordingId)) {
            return ResponseEntity.ok(new Accepted(recordingId));
        }
        intake.accept(UploadCompletion.event(recordingId, aceId, metadata, file, sizeOf(file), clock));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new Accepted(recordingId));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
