package academy.pipeline.gateway.status;

import academy.pipeline.gateway.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Read-only status API. */
@RestController
public class RecordingStatusController {

    private final RecordingStatusView view;

    public RecordingStatusController(RecordingStatusView view) {
        this.view = view;
    }

    @GetMapping("/recordings")
    public List<RecordingStatus> list() {
        return view.all();
    }

    @GetMapping("/recordings/{id}")
    public RecordingStatus one(@PathVariable String id) {
        return view.find(id).orElseThrow(() ->
                new ApiException(HttpStatus.NOT_FOUND, "unknown_recording", "no recording with id " + id));
    }
}
