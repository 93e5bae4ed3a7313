package academy.pipeline.core.runtime;

import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.BackOffExecution;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/** A back-off that walks a fixed list of delays (1 min, 5 min, 15 min, ...), then stops. */
final class StaggeredBackOff implements BackOff {

    private final List<Duration> delays;

    StaggeredBackOff(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    @Override
    public BackOffExecution start() {
        Iterator<Duration> next = delays.iterator();
        return () -> next.hasNext() ? next.next().toMillis() : BackOffExecution.STOP;
    }
}
