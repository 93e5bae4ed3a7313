package academy.pipeline.gateway.status;

import academy.pipeline.gateway.web.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;

/** The operator page's first screen and pictures; served on the operator port only, like the status API. */
@RestController
class ConsoleController {

    private final StageStrip strip;
    private final RecordingStatusView view;
    private final Clock clock;

    public ConsoleController(StageStrip strip, RecordingStatusView view, Clock clock) {
        this.strip = strip;
        this.view = view;
        this.clock = clock;
    }

    @GetMapping("/overview")
    public Overview overview() {
        return strip.overview();
    }

    /** @param window 24h or 7d */
    @GetMapping("/charts")
    public Charts charts(@RequestParam(defaultValue = "24h") String window) {
        try {
            Charts.parseWindow(window);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad_window", e.getMessage());
        }
        return Charts.of(view.summaries(), window, clock.instant());
    }
}
