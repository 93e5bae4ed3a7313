package academy.pipeline.testkit.b2;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Receives an upload body onto disk with a fixed buffer, checking it the way B2 does: {@code Content-Length} is
 * required, and the SHA-1 in {@code X-Bz-Content-Sha1} (or, for {@code hex_digits_at_end}, in the last 40 bytes of
 * the body) must match the content.
 *
 * @param file   the received content (without any trailing SHA-1)
 * @param length content length in bytes
 * @param sha1   lowercase hex SHA-1 of the content
 */
record UploadBody(Path file, long length, String sha1) {

    static final String HEX_DIGITS_AT_END = "hex_digits_at_end";
    private static final Pattern SHA1 = Pattern.compile("[0-9a-fA-F]{40}");
    private static final int BUFFER = 64 * 1024;

    static UploadBody receive(HttpExchange exchange, Path target, B2Faults faults) throws IOException {
        long bytesPerSecond = faults.bytesPerSecond();
        String lengthHeader = exchange.getRequestHeaders().getFirst("Content-Length");
        if (lengthHeader == null) {
            throw B2ApiException.badRequest("Content-Length is required (chunked uploads are not supported)");
        }
        long total = Long.parseLong(lengthHeader.trim());
        String declared = exchange.getRequestHeaders().getFirst("X-Bz-Content-Sha1");
        if (declared == null) {
            throw B2ApiException.badRequest("X-Bz-Content-Sha1 is required");
        }
        boolean atEnd = HEX_DIGITS_AT_END.equals(declared);
        boolean verify = atEnd || SHA1.matcher(declared).matches();
        if (!verify && !"do_not_verify".equals(declared) && !declared.startsWith("unverified:")) {
            throw B2ApiException.badRequest("invalid X-Bz-Content-Sha1: " + declared);
        }
        long length = atEnd ? total - 40 : total;
        if (length < 0) {
            throw B2ApiException.badRequest("body too short for hex_digits_at_end");
        }
        MessageDigest digest = newSha1();
        InputStream in = exchange.getRequestBody();
        if (bytesPerSecond > 0) {
            in = new ThrottledInputStream(in, bytesPerSecond);
        }
        try (OutputStream out = Files.newOutputStream(target)) {
            byte[] buffer = new byte[BUFFER];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw B2ApiException.badRequest("body ended after " + (length - left) + " of " + length + " bytes");
                }
                faults.received(n);
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
                left -= n;
            }
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        String expected = atEnd ? new String(in.readNBytes(40), StandardCharsets.US_ASCII) : declared;
        if (verify && !actual.equalsIgnoreCase(expected)) {
            Files.deleteIfExists(target);
            throw B2ApiException.badRequest("Sha1 did not match data received");
        }
        return new UploadBody(target, length, actual);
    }

    private static MessageDigest newSha1() {
        try {
            return MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
