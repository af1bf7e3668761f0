package dev.lambdarec.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.lambdarec.store.s3.NoExpectContinue;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * A real S3-protocol server (S3Proxy) in this JVM on a free loopback port, with AWS V2/V4 signatures checked.
 * With a directory it keeps objects as plain files under {@code dir/<bucket>/<key>}; without, in memory.
 */
public final class LocalS3Server implements AutoCloseable {
    public static final String ACCESS_KEY = "lambdarec-local";
    public static final String SECRET_KEY = "lambdarec-local-secret";
    public static final String REGION = "us-east-1";

    /*
     * S3Proxy's shaded Jetty formats a debug line for every buffer it reads. In a JVM whose log manager has no
     * configuration (a bench or a child JVM; Quarkus sets INFO itself) those lines are built and then dropped,
     * which made one tiny PUT take 10-15 ms on loopback. Held here because the log manager keeps loggers weakly.
     */
    private static final java.util.logging.Logger QUIET_PROXY = quiet("org.gaul");

    private final S3Proxy proxy;
    private final URI endpoint;

    private static java.util.logging.Logger quiet(String category) {
        // the log manager slf4j reaches here, whether or not it is also java.util.logging's
        java.util.logging.Logger logger = org.jboss.logmanager.Logger.getLogger(category);
        if (logger.getLevel() == null || logger.getLevel().intValue() < java.util.logging.Level.INFO.intValue()) {
            logger.setLevel(java.util.logging.Level.INFO);
        }
        return logger;
    }

    private LocalS3Server(BlobStore blobStore) throws Exception {
        int port = freePort();
        this.endpoint = URI.create("http://127.0.0.1:" + port);
        this.proxy = S3Proxy.builder()
                .blobStore(new AtomicConditionalWrites(blobStore))
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start on " + endpoint + " (state " + proxy.getState() + ")");
            }
            Thread.sleep(5);
        }
    }

    /** Objects in memory, gone when the server stops (tests). */
    public static LocalS3Server inMemory() throws Exception {
        return new LocalS3Server(new TransientNio2BlobStore());
    }

    /** Objects as files under {@code dir/<bucket>/<key>} (the local pipeline). */
    public static LocalS3Server onDisk(Path dir) throws Exception {
        Files.createDirectories(dir);
        return new LocalS3Server(new FilesystemNio2BlobStore(dir.toAbsolutePath().toString()));
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client for this server: the same SDK and HTTP client the Lambda functions use. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new NoExpectContinue()))
                .build();
    }

    public void createBucket(String bucket) {
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there: a persistent store keeps its buckets
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void close() throws Exception {
        proxy.stop();
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
