import io.tus.java.client.TusClient;
import io.tus.java.client.TusUpload;
import io.tus.java.client.TusUploader;

import java.io.File;
import java.net.URL;
import java.util.Map;

/**
 * One upload with tus-java-client (its default chunk and request sizes), for bench/tus-upload.sh.
 * Usage: java -cp tus-java-client.jar TusJavaUpload.java ENDPOINT FILE GRANT ACE_ID. Prints the milliseconds taken.
 */
public class TusJavaUpload {

    public static void main(String[] args) throws Exception {
        TusClient client = new TusClient();
        client.setUploadCreationURL(new URL(args[0]));
        client.setHeaders(Map.of("Authorization", "Bearer " + args[2]));
        TusUpload upload = new TusUpload(new File(args[1]));
        upload.setMetadata(Map.of("ace_id", args[3], "filename", "bench.mp4", "title", "bench"));
        long started = System.nanoTime();
        TusUploader uploader = client.createUpload(upload);
        while (uploader.uploadChunk() > -1) {
            // keep sending
        }
        uploader.finish();
        System.out.println((System.nanoTime() - started) / 1_000_000);
    }
}
