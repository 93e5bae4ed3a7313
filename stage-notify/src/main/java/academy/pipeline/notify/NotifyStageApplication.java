package academy.pipeline.notify;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the notify stage on its own. */
@SpringBootApplication
public class NotifyStageApplication {

    public static void main(String[] args) {
        SpringApplication.run(NotifyStageApplication.class, args);
    }
}
