package academy.pipeline.download;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the download stage on its own. */
@SpringBootApplication
public class DownloadStageApplication {

    public static void main(String[] args) {
        SpringApplication.run(DownloadStageApplication.class, args);
    }
}
