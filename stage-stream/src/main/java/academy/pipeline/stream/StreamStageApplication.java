package academy.pipeline.stream;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the stream stage on its own. */
@SpringBootApplication
public class StreamStageApplication {

    public static void main(String[] args) {
        SpringApplication.run(StreamStageApplication.class, args);
    }
}
