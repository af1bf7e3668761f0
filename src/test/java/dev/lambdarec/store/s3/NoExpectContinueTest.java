package dev.lambdarec.store.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** What the S3 server receives: a small PutObject without Expect: 100-continue, a large one with it, as the SDK sets it. */
class NoExpectContinueTest {

    @Test
    void smallUploadsGoWithoutExpectContinueAndLargeOnesKeepIt() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"")));
        try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new NoExpectContinue())).build()) {
            s3.putObject(b -> b.bucket("b").key("events/small"), RequestBody.fromString("user,item,type\n196,242,click\n"));
            s3.putObject(b -> b.bucket("b").key("datasets/large"), RequestBody.fromBytes(new byte[(int) NoExpectContinue.SMALL_BODY_BYTES + 1]));
        } finally {
            server.stop();
        }
        server.verify(1, putRequestedFor(urlPathEqualTo("/b/events/small")).withoutHeader("Expect"));
        server.verify(1, putRequestedFor(urlPathEqualTo("/b/datasets/large")).withHeader("Expect", equalTo("100-continue")));
    }
}
