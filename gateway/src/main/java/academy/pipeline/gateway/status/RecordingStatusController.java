package academy.pipeline.gateway.status;

import academy.pipeline.core.event.Source;
import academy.pipeline.core.event.Stage;
import academy.pipeline.gateway.GatewaySettings;
import academy.pipeline.gateway.web.ApiException;
import academy.pipeline.gateway.web.CallerCheck;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Locale;

/**
 * Status and operator API, served on the operator port only ({@link academy.pipeline.gateway.ports.ConnectorRouting},
 * which also authenticates callers there); replay and discard need a request the gate trusted or the admin token.
 */
@RestController
public class RecordingStatusController {

    static final int MAX_PAGE_SIZE = 200;

    private final RecordingStatusView view;
    private final RecordingOperations operations;
    private final GatewaySettings settings;

    public RecordingStatusController(RecordingStatusView view, RecordingOperations operations, GatewaySettings settings) {
        this.view = view;
        this.operations = operations;
        this.settings = settings;
    }

    /**
     * @param state a phase (queued, running, retrying, failed, done, discarded), a transition (dead-lettered, ...)
     *              or stuck (not finished)
     * @param source zoom, manual or custom
     * @param stage download, archive, stream or notify: where the recording is or waits
     */
    @GetMapping("/recordings")
    public RecordingPage list(@RequestParam(required = false) String state,
                              @RequestParam(required = false) String source,
                              @RequestParam(required = false) String stage,
                              @RequestParam(defaultValue = "0") int page,
                              @RequestParam(defaultValue = "50") int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw ApiException.badRequest("bad_page", "page must be >= 0 and size 1-" + MAX_PAGE_SIZE);
        }
        return view.page(blankToNull(state), source(source), stage(stage), page, size);
    }

    @GetMapping("/recordings/{id}")
    public RecordingStatus one(@PathVariable String id) {
        return view.find(id).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "unknown_recording", "no recording with id " + id));
    }

    /** @param stage download, archive, stream or notify; default: the stage where the recording failed */
    @PostMapping("/recordings/{id}/replay")
    public ResponseEntity<ReplayResult> replay(@PathVariable String id, @RequestParam(required = false) String stage,
                                               HttpServletRequest request) {
        CallerCheck.requireLoopbackOr(request, settings.adminToken(), "replay");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(operations.replay(id, stage(stage)));
    }

    @PostMapping("/recordings/{id}/discard")
    public RecordingStatus discard(@PathVariable String id, HttpServletRequest request) {
        CallerCheck.requireLoopbackOr(request, settings.adminToken(), "discard");
        return operations.discard(id);
    }

    private static Stage stage(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Stage.fromId(id.strip());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown_stage", e.getMessage());
        }
    }

    private static Source source(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        try {
            return Source.valueOf(id.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("unknown_source", "unknown source '" + id + "' (expected zoom, manual or custom)");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip().toLowerCase(Locale.ROOT);
    }
}
