package academy.pipeline.stream.bunny;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SigningTusClientTest {

    @Test
    void signatureIsLowercaseHexSha256OfLibraryKeyExpirationAndVideoConcatenated() {
        // expected value computed independently: printf '%s' "<concatenation>" | sha256sum
        assertThat(SigningTusClient.sign("12345", "my-library-key", 1_700_000_000L,
                "b3a9c2f0-1111-4222-8333-944455556666"))
                .isEqualTo("1607b4e66db1b94ba827323b21deb69e943e33b455fe65a2b8b0ff730925fd2f");
    }
}
