package academy.pipeline.archive.b2;

import academy.pipeline.core.event.Stage;
import academy.pipeline.testkit.TestStepContext;
import academy.pipeline.core.runtime.FatalStepException;
import academy.pipeline.testkit.TestFiles;
import academy.pipeline.testkit.b2.B2Double;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every archive scenario of {@link B2ArchiveProviderIntegrationTest} again, with the key production uses: an
 * application key restricted to the archive bucket ({@code allowed.bucketId}/{@code bucketName} in the
 * authorization; {@code b2_list_buckets} answers only for that bucket) holding exactly the capabilities of the
 * {@code b2 key create} command in docs/production.md.
 */
class RestrictedKeyB2ArchiveProviderIntegrationTest extends B2ArchiveProviderIntegrationTest {

    private static final String OTHER_BUCKET = "someone-elses-bucket";

    @Override
    B2Double.Builder b2Double(B2Double.Builder builder) {
        return builder.bucket(OTHER_BUCKET).keyRestrictedTo(BUCKET).keyCapabilities(documentedCapabilities());
    }

    @Test
    void bucketOutsideTheKeysRestrictionIsFatalNamingTheBucketSetting() throws Exception {
        provider = provider(b2.applicationKey(), OTHER_BUCKET, 1, 5);
        Path file = TestFiles.random(dir.resolve("elsewhere.mp4"), 10_000, 11);

        assertThatThrownBy(() -> provider.archive(event("rec-elsewhere", file), file, "elsewhere.mp4",
                TestStepContext.first("rec-elsewhere", Stage.ARCHIVE)))
                .isInstanceOf(FatalStepException.class)
                .hasMessageContaining("401")
                .hasMessageContaining("B2_BUCKET_NAME");
        assertThat(b2.allFiles()).isEmpty();
    }

    /** The capabilities of {@code b2 key create --bucket <bucket> <name> <capabilities>} in docs/production.md. */
    static String[] documentedCapabilities() {
        Path guide = repositoryRoot().resolve("docs/production.md");
        try {
            Matcher command = Pattern.compile("b2 key create --bucket \\S+ \\S+ ([a-zA-Z,]+)")
                    .matcher(Files.readString(guide));
            assertThat(command.find()).as("the b2 key create command in %s", guide).isTrue();
            return command.group(1).split(",");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("docs"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
