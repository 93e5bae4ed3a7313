package academy.pipeline.gateway.tus;

import me.desair.tus.server.util.TusServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TusRequestTest {

    private static MockHttpServletRequest chunkedPatch(byte[] body) {
        MockHttpServletRequest request = new MockHttpServletRequest("PATCH", "/tusupload/x");
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContent(body);
        return request;
    }

    @Test
    void theLibraryComputesNoDigestsForAChunkedBodyOnceTransferEncodingIsHidden() throws Exception {
        TusServletRequest bare = new TusServletRequest(chunkedPatch(new byte[10]), false);
        bare.getContentInputStream();
        assertThat(bare.getEnabledChecksums()).hasSize(5);

        TusServletRequest wrapped = new TusServletRequest(new TusRequest(chunkedPatch(new byte[10]), 10), false);
        wrapped.getContentInputStream();
        assertThat(wrapped.getEnabledChecksums()).isEmpty();
        assertThat(wrapped.getHeader("Transfer-Encoding")).isNull();
    }

    @Test
    void aBodyLongerThanTheUploadMayStillReceiveIsRefused() throws Exception {
        try (InputStream exact = new TusRequest(chunkedPatch(new byte[10]), 10).getInputStream()) {
            assertThat(exact.readAllBytes()).hasSize(10);
        }
        InputStream tooLong = new TusRequest(chunkedPatch(new byte[11]), 10).getInputStream();
        assertThatThrownBy(tooLong::readAllBytes).isInstanceOf(LimitedBody.TooLargeException.class);
    }

    @Test
    void advertisedExtensionsDropWhatIsNotServedAndAddCreationWithUpload() {
        assertThat(TusUploadServlet.advertised(
                "creation,creation-defer-length,checksum,checksum-trailer,termination,expiration,concatenation,concatenation-unfinished"))
                .isEqualTo("creation,creation-with-upload,creation-defer-length,checksum,termination,expiration,concatenation");
    }
}
