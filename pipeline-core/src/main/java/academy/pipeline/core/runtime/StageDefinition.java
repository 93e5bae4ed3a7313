package academy.pipeline.core.runtime;

import academy.pipeline.core.event.Stage;

import java.util.Objects;

/**
 * What a stage module declares to join the pipeline: which stage it is and its step. From one such bean the
 * runtime builds the stage's listener on its inbox, its retry topics and its DLT, run with the stage's
 * {@code pipeline.stages.<stage>.*} settings ({@link StageRuntimeSettings}):
 * <pre>{@code
 * @Bean StageDefinition archiveStage(ArchiveStep step) { return new StageDefinition(Stage.ARCHIVE, step); }
 * }</pre>
 */
public record StageDefinition(Stage stage, StageStep step) {

    public StageDefinition {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(step, "step");
    }
}
