package academy.pipeline.gateway.intake;

import academy.pipeline.core.event.Origin;
import academy.pipeline.core.event.RecordingEvent;
import academy.pipeline.core.event.Source;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** {@code POST /custom-upload}: an operator points at a file already on the server. Loopback or internal token. */
@RestController
public class CustomUploadController {

    private final RecordingIntake intake;
    private final AllowedDirectories allowed;
    private final GatewaySettings settings;
    private final CustomRecordingIds ids;
    private final StatusLinks links;
    private final Clock clock;

    public CustomUploadController(RecordingIntake intake, AllowedDirectories allowed, GatewaySettings settings,
                                  CustomRecordingIds ids, StatusLinks links, Clock clock) {
        this.intake = intake;
        this.allowed = allowed;
        this.settings = settings;
        this.ids = ids;
        this.links = links;
        this.clock = clock;
    }

    @PostMapping(path = "/custom-upload", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<AcceptedRecording> upload(@RequestBody CustomUploadRequest body, HttpServletRequest request) {
        CallerCheck.requireLoopbackOr(request, settings.internalToken(), "/custom-upload");
        if (body == null) {
            throw ApiException.badRequest("missing_body", "a JSON body {path, title, metadata?} is required");
        }
        Map<String, String> metadata = Attributes.validate(body.metadata());
        Path file = allowed.requireAllowedFile(body.path());
        String fileName = file.getFileName().toString();
        String title = body.title() == null || body.title().isBlank() ? fileName : body.title().strip();
        RecordingEvent event = RecordingEvent.accepted(ids.next(), Source.CUSTOM, title, metadata,
                Origin.ofPath(file.toString(), sizeOf(file), fileName, null), clock.instant());
        intake.accept(event);
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(new AcceptedRecording(event.recordingId(), links.statusUrl(request, event.recordingId())));
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
