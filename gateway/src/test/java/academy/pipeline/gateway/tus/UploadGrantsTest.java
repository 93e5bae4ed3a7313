package academy.pipeline.gateway.tus;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class UploadGrantsTest {

    private final UploadGrants grants = new UploadGrants("s3cret");

    @Test
    void aSignedGrantVerifiesWithItsAceIdExpiryAndMaxSize() {
        UploadGrant grant = new UploadGrant("4711", Instant.ofEpochSecond(1_900_000_000L), 5_000_000_000L);
        assertThat(grants.verify(grants.sign(grant))).contains(grant);
    }

    @Test
    void theDocumentedWireFormatVerifies() {
        String body = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"ace_id\":\"4711\",\"exp\":1900000000,\"max_size\":1000}".getBytes(StandardCharsets.UTF_8));
        String token = body + "." + academy.pipeline.core.security.Hmac.sha256Hex("s3cret", body);
        assertThat(grants.verify(token)).contains(new UploadGrant("4711", Instant.ofEpochSecond(1_900_000_000L), 1000));
    }

    @Test
    void tamperedForgedOrMalformedTokensDoNotVerify() {
        String token = grants.sign(new UploadGrant("4711", Instant.now().plusSeconds(60), 1000));
        String otherPayload = grants.sign(new UploadGrant("4712", Instant.now().plusSeconds(60), 1000));
        String spliced = otherPayload.substring(0, otherPayload.indexOf('.')) + token.substring(token.indexOf('.'));

        assertThat(grants.verify(spliced)).isEmpty();
        assertThat(new UploadGrants("other").verify(token)).isEmpty();
        assertThat(grants.verify(token.toUpperCase())).isEmpty();
        assertThat(grants.verify(token + ".x")).isEmpty();
        assertThat(grants.verify("")).isEmpty();
        assertThat(grants.verify(null)).isEmpty();
        String noAce = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"exp\":1,\"max_size\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(grants.verify(noAce + "." + academy.pipeline.core.security.Hmac.sha256Hex("s3cret", noAce))).isEmpty();
        assertThat(new UploadGrants(null).verify(token)).isEmpty();
    }
}
