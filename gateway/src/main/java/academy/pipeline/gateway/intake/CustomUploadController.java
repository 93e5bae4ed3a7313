package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
import academy.pipeline.core.spool.Spool;
import academy.pipeline.gateway.GatewaySettings;
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
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code POST /custom-upload}: an operator points at a file already on the server (loopback or internal token).
 * The file is taken into the spool before the answer ({@link CustomFileTakeover}); the event names the spool copy.
 */
@RestController
public class CustomUploadController {

    private final RecordingIntake intake;
    private final CustomFileTakeover takeover;
    private final Spool spool;
    private final GatewaySettings settings;
    private final CustomRecordingIds ids;
    private final StatusLinks links;
    private final Clock clock;

    public CustomUploadController(RecordingIntake intake, AllowedDirectories allowed, Spool spool,
                                  GatewaySettings settings, CustomRecordingIds ids, StatusLinks links, Clock clock) {
        this.intake = intake;
        this.takeover = new CustomFileTakeover(allowed, spool);
        this.spool = spool;
        this.settings = settings;
        this.ids = ids;
        this.links = links;
        this.clock = clock;
    }

    @PostMapping(path = "/custom-upload", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedRecording> upload(@RequestBody CustomUploadRequest body, HttpServletRequest request)
            throws IOException {
        CallerCheck.requireLoopbackOr(request, settings.internalToken(), "/custom-upload");
        if (body == null) {
            throw ApiException.badRequest("missing_body", "a JSON body {path, title, metadata?} is required");
        }
        Map<String, String> metadata = Attributes.validate(body.metadata());
        String recordingId = ids.next();
        CustomFileTakeover.Taken taken = takeover.take(body.path(), recordingId);
        String fileName = Path.of(body.path()).getFileName().toString();
        String title = body.title() == null || body.title().isBlank() ? fileName : body.title().strip();
        RecordingEvent event = RecordingEvent.accepted(recordingId, Source.CUSTOM, title, metadata,
                Origin.ofPath(taken.spoolFile().toString(), taken.size(), fileName, null), clock.instant());
        try {
            intake.accept(event);
        } catch (RuntimeException e) {
            spool.delete(recordingId);
            throw e;
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new AcceptedRecording(event.recordingId(), links.statusUrl(event.recordingId())));
    }
}
