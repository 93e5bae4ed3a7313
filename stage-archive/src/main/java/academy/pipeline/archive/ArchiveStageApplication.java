package academy.pipeline.archive;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the archive stage on its own. */
@SpringBootApplication
public class ArchiveStageApplication {

    public static void main(String[] args) {
        SpringApplication.run(ArchiveStageApplication.class, args);
    }
}
