package dev.lambdarec.store.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A conditional write whose first attempt lands but whose answer is lost: the SDK retries it by itself, and the
 * retry meets 412 (the object is there: ours). That refusal is not another writer's, and the store says so by
 * reading the object back; a 412 on a first attempt stays a refusal. (Against the local server this turned 6 of
 * 1,200 parallel event writes into "duplicates".)
 */
class LostAnswerTest {
    private static final byte[] ROW = "subject,item\nuser:196,242\n".getBytes();
    private WireMockServer stub;
    private S3Client s3;

    @BeforeEach
    void start() {
        stub = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        stub.start();
        s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + stub.port())).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    @AfterEach
    void stop() {
        s3.close();
        stub.stop();
    }

    /** The object as HEAD shows it: written by the conditional write that carried {@code writer}. */
    private void stubWrittenBy(String path, String writer) {
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(urlPathEqualTo(path)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"e1\"").withHeader("x-amz-meta-" + S3ObjectStore.WRITER, writer)));
    }

    /** A store whose every conditional write carries the token "ours". */
    private S3ObjectStore store() {
        return new S3ObjectStore(s3, "b", () -> "ours");
    }

    private static String preconditionFailed() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>PreconditionFailed</Code>"
                + "<Message>At least one of the preconditions you specified did not hold</Message></Error>";
    }

    @Test
    void ourOwnWriteRetriedIntoA412CountsAsWritten() {
        String path = "/b/events/dt%3D2026-12-01/one.csv";
        stub.stubFor(put(urlPathEqualTo(path)).inScenario("lost").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("landed")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        stub.stubFor(put(urlPathEqualTo(path)).inScenario("lost").whenScenarioStateIs("landed")
                .willReturn(aResponse().withStatus(412).withBody(preconditionFailed())));
        stubWrittenBy(path, "ours");
        assertThat(store().putIf("events/dt=2026-12-01/one.csv", ROW, "text/csv", null)).isTrue();
        stub.verify(2, putRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aFirstAttemptsRefusalOrAnotherWritersBytesStayARefusal() {
        String first = "/b/events/dt%3D2026-12-01/two.csv";
        stub.stubFor(put(urlPathEqualTo(first)).willReturn(aResponse().withStatus(412).withBody(preconditionFailed())));
        stubWrittenBy(first, "ours"); // even with our token there: the first attempt's refusal is a refusal
        assertThat(store().putIf("events/dt=2026-12-01/two.csv", ROW, "text/csv", null)).isFalse();

        String other = "/b/models/current.json";
        stub.stubFor(put(urlPathEqualTo(other)).inScenario("other").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("moved")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        stub.stubFor(put(urlPathEqualTo(other)).inScenario("other").whenScenarioStateIs("moved")
                .willReturn(aResponse().withStatus(412).withBody(preconditionFailed())));
        stubWrittenBy(other, "someone-else");
        assertThat(store().putIf("models/current.json", "{\"modelId\":\"mine\"}".getBytes(), "application/json", "\"e0\"")).isFalse();
    }

    /**
     * Two copies of one event: the other copy created the object with the same bytes, and our attempt's answer was
     * lost. The object carries the other writer's token, so ours is a duplicate, not a second creation.
     */
    @Test
    void theSameBytesFromAnotherWriterAreNotOurs() {
        String path = "/b/events/dt%3D2026-12-01/copy.csv";
        stub.stubFor(put(urlPathEqualTo(path)).inScenario("copy").whenScenarioStateIs(Scenario.STARTED).willSetStateTo("taken")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        stub.stubFor(put(urlPathEqualTo(path)).inScenario("copy").whenScenarioStateIs("taken")
                .willReturn(aResponse().withStatus(412).withBody(preconditionFailed())));
        stubWrittenBy(path, "the-other-copy");
        assertThat(store().putIf("events/dt=2026-12-01/copy.csv", ROW, "text/csv", null)).isFalse();
    }

    /**
     * Every attempt's connection breaks before the object is written (the URL client reports some of those as an
     * UncheckedIOException the SDK does not retry): the object is not there, so the write is sent again and lands;
     * it is never taken for another writer's refusal (an event counted as a duplicate and lost).
     */
    @Test
    void aWriteThatNeverLandedIsSentAgainNotTakenForARefusal() {
        String path = "/b/events/dt%3D2026-12-01/three.csv";
        // four broken attempts: more than the SDK's own three retries of one call
        String state = Scenario.STARTED;
        for (int attempt = 1; attempt <= 4; attempt++) {
            stub.stubFor(put(urlPathEqualTo(path)).inScenario("broken").whenScenarioStateIs(state).willSetStateTo("broken-" + attempt)
                    .willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
            state = "broken-" + attempt;
        }
        stub.stubFor(put(urlPathEqualTo(path)).inScenario("broken").whenScenarioStateIs(state)
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e2\"")));
        stub.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404).withBody(noSuchKey())));
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
        assertThat(store().putIf("events/dt=2026-12-01/three.csv", ROW, "text/csv", null)).isTrue();
        stub.verify(5, putRequestedFor(urlPathEqualTo(path)));
    }

    @Test
    void aWriteThatNeverLandsIsAnOutageNotARefusal() {
        String path = "/b/events/dt%3D2026-12-01/four.csv";
        stub.stubFor(put(urlPathEqualTo(path)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        stub.stubFor(get(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404).withBody(noSuchKey())));
        stub.stubFor(com.github.tomakehurst.wiremock.client.WireMock.head(urlPathEqualTo(path)).willReturn(aResponse().withStatus(404)));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> store().putIf("events/dt=2026-12-01/four.csv", ROW, "text/csv", null))
                .isInstanceOf(dev.lambdarec.store.StoreUnavailableException.class)
                .hasMessageContaining("s3://b/events/dt=2026-12-01/four.csv");
    }

    private static String noSuchKey() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>";
    }
}
