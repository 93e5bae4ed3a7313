package academy.pipeline.gateway.tus;

import academy.pipeline.core.runtime.PipelineSettings;
import academy.pipeline.gateway.GatewayConfiguration;
import academy.pipeline.gateway.intake.RecordingIntake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.time.Clock;

/** The tutor-upload intake: the tus server at {@code /tusupload}, its sweep, and {@code POST /manual-upload}. */
@AutoConfiguration(after = GatewayConfiguration.class)
@EnableConfigurationProperties(TusSettings.class)
@Import(ManualUploadController.class)
public class TusIntakeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TusIntakeConfiguration.class);

    @Bean
    TusUploadStore tusUploadStore(TusSettings settings, PipelineSettings pipeline) throws IOException {
        return new TusUploadStore(settings.storageDirOr(pipeline.dataDir()), settings.maxSize().toBytes(),
                settings.expiry().toMillis());
    }

    @Bean
    UploadGrants uploadGrants(TusSettings settings) {
        UploadGrants grants = new UploadGrants(settings.grantSecret());
        if (!grants.configured()) {
            log.warn("no upload grant secret (UPLOAD_GRANT_SECRET): /tusupload refuses every upload");
        }
        return grants;
    }

    @Bean
    UploadCompletion uploadCompletion(TusUploadStore store, RecordingIntake intake, Clock clock, TusSettings settings) {
        return new UploadCompletion(store, intake, clock, settings.lockWait());
    }

    @Bean
    ServletRegistrationBean<TusUploadServlet> tusUploadServlet(TusUploadStore store, UploadGrants grants,
                                                               UploadCompletion completion, TusSettings settings,
                                                               Clock clock) {
        ServletRegistrationBean<TusUploadServlet> registration = new ServletRegistrationBean<>(
                new TusUploadServlet(store, grants, completion, settings, clock),
                TusSettings.PATH, TusSettings.PATH + "/*");
        registration.setName("tusUpload");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    ExpiredUploadSweeper expiredUploadSweeper(TusUploadStore store, TusSettings settings) {
        return new ExpiredUploadSweeper(store, settings.sweepInterval());
    }
}
