package dev.lambdarec.prepare;

import dev.lambdarec.common.Hashing;
import dev.lambdarec.common.BadRequestException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.data.InvalidInputException;
import dev.lambdarec.io.NpzFile;
import dev.lambdarec.local.LocalS3Server;
import dev.lambdarec.store.ObjectStore;
import dev.lambdarec.store.s3.S3ObjectStore;
import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.CountingStore;
import dev.lambdarec.testing.Files2;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** prepare end to end against a real S3-protocol server in this JVM. */
class PrepareServiceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalS3Server server;
    private static S3Client s3;

    @TempDir
    Path dir;
    private CountingStore store;
    private PrepareService service;
    private final PrepareRequestParser parser = new PrepareRequestParser(PrepareDefaults.STANDARD);

    @BeforeAll
    static void startS3() throws Exception {
        server = LocalS3Server.inMemory();
        server.createBucket("lambdarec-test");
        server.createBucket("other-bucket");
        s3 = server.client();
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
        server.close();
    }

    @BeforeEach
    void newService() {
        store = new CountingStore(new S3ObjectStore(s3, "lambdarec-test"));
        service = new PrepareService(store, dir.resolve("work"), false,
                Clock.fixed(Instant.parse("2026-11-22T00:00:00Z"), ZoneOffset.UTC));
    }

    private String uploadSynthetic(String key, int users, int items, int interactions) throws Exception {
        Path folder = dir.resolve("synthetic-" + users);
        new SyntheticInteractions(SyntheticSpec.movielensLike(5).withSize(users, items, interactions)).writeMovieLens100k(folder);
        Path zip = Files2.zip(folder, "ml-100k", dir.resolve("ml-100k.zip"));
        store.put(key, zip, "application/zip");
        try (var files = Files.list(folder)) {
            for (Path file : files.toList()) {
                store.put("raw/ml-100k/" + file.getFileName(), file, "text/plain");
            }
        }
        store.puts.clear();
        return "s3://lambdarec-test/" + key;
    }

    private PrepareRequest request(String json) throws Exception {
        return parser.parse(JSON.readTree(json));
    }

    /**
     * Events the events function recorded, named as a second source, join the next dataset: a known user's event is
     * one more interaction of theirs (an event sent again in another call, one and the same), a session becomes a user
     * of its own, every row read is accepted or rejected,
     * and an object under the prefix that is not an event is refused by name.
     */
    @Test
    void recordedEventsJoinTheDatasetAsASecondSource() throws Exception {
        String source = uploadSynthetic("raw/ml-100k.zip", 120, 300, 4_000);
        var recorder = new dev.lambdarec.events.EventRecorder(store, null, 50, java.time.Duration.ofHours(1));
        var limits = dev.lambdarec.events.EventBatch.Limits.DEFAULT;
        java.time.Instant now = java.time.Instant.parse("2026-12-02T12:00:00Z");
        recorder.record(dev.lambdarec.events.EventBatch.parse(JSON.readTree("{\"user\":\"1\",\"events\":["
                + "{\"item\":\"299\",\"type\":\"rating\",\"value\":5,\"eventId\":\"a\"},{\"item\":\"300\",\"type\":\"rating\",\"value\":4,\"eventId\":\"b\"}]}"), limits, now));
        recorder.record(dev.lambdarec.events.EventBatch.parse(JSON.readTree("{\"session\":\"s-9f2\",\"events\":["
                + "{\"item\":\"1\",\"type\":\"rating\",\"value\":3,\"eventId\":\"c\"}]}"), limits, now));
        // event a sent again in a call of its own: a second object, and one interaction after prepare's merge
        recorder.record(dev.lambdarec.events.EventBatch.parse(JSON.readTree("{\"user\":\"1\",\"events\":["
                + "{\"item\":\"299\",\"type\":\"rating\",\"value\":5,\"eventId\":\"a\"}]}"), limits, now));
        PrepareResult without = service.prepare(request("{\"source\":\"" + source + "\",\"format\":\"movielens-100k\",\"split\":\"random:0.8:1\"}"));
        PrepareResult with = service.prepare(request("{\"sources\":[\"" + source + "\",\"s3://lambdarec-test/events/\"],"
                + "\"format\":\"movielens-100k\",\"split\":\"random:0.8:1\"}"));
        assertThat(with.datasetId()).isNotEqualTo(without.datasetId());
        DatasetManifest.Counts a = without.manifest().counts();
        DatasetManifest.Counts b = with.manifest().counts();
        assertThat(b.rowsRead()).isEqualTo(a.rowsRead() + 4);
        assertThat(b.accepted() + b.rejected() + b.duplicatesMerged()).as("every row read is kept, rejected or merged").isEqualTo(b.rowsRead());
        assertThat(b.users()).as("the session is a user of its own").isEqualTo(a.users() + 1);
        assertThat(b.interactions() + b.duplicatesMerged()).isEqualTo(a.interactions() + a.duplicatesMerged() + 4);
        assertThat(b.duplicatesMerged()).as("the repeated event is one interaction").isGreaterThanOrEqualTo(a.duplicatesMerged() + 1);
        assertThat(with.manifest().source().inputSha256()).containsKey("events.csv");

        store.put("events/dt=2026-12-02/stray.csv", "user,item\n1,2\n".getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv");
        assertThatThrownBy(() -> service.prepare(request("{\"sources\":[\"" + source + "\",\"s3://lambdarec-test/events/\"],"
                + "\"format\":\"movielens-100k\",\"split\":\"random:0.8:2\"}")))
                .isInstanceOf(dev.lambdarec.common.BadRequestException.class)
                .hasMessage("sources: s3://lambdarec-test/events/dt=2026-12-02/stray.csv does not start with the events header '"
                        + dev.lambdarec.events.EventRecorder.CSV_HEADER + "'");
        assertThatThrownBy(() -> request("{\"source\":\"" + source + "\",\"sources\":[],\"format\":\"movielens-100k\"}"))
                .hasMessageContaining("give exactly one of 'source'");
        assertThatThrownBy(() -> request("{\"sources\":[],\"format\":\"movielens-100k\"}")).hasMessageContaining("sources must be an array of 1 to 16");
    }

    @Test
    void preparesAVerifiableDatasetAndReusesIt() throws Exception {
        String source = uploadSynthetic("raw/ml-100k.zip", 120, 300, 4_000);
        PrepareRequest request = request("{\"source\":\"" + source + "\",\"format\":\"movielens-100k\","
                + "\"split\":\"leave-last:2\",\"negatives\":3,\"testNegatives\":99}");
        PrepareResult result = service.prepare(request);

        DatasetManifest manifest = result.manifest();
        String prefix = "datasets/" + result.datasetId() + "/";
        assertThat(result.reused()).isFalse();
        assertThat(result.datasetId()).matches("ml-100k-[0-9a-f]{12}");
        assertThat(result.location()).isEqualTo("s3://lambdarec-test/" + prefix);
        assertThat(store.puts).containsExactly(prefix + "train.npz", prefix + "test.npz", prefix + "users.tsv.gz",
                prefix + "items.tsv.gz", prefix + "rejected.tsv.gz", prefix + "manifest.json"); // manifest last

        DatasetManifest.Counts c = manifest.counts();
        assertThat(c.rowsRead()).isEqualTo(4_000);
        assertThat(c.accepted()).isEqualTo(4_000);
        assertThat(c.users()).isEqualTo(120);
        assertThat(c.test() + c.coldTestRowsDropped()).isEqualTo(240); // two per user; a test-only item is cold
        assertThat(c.train() + c.test() + c.coldTestRowsDropped()).isEqualTo(c.interactions());
        assertThat(c.trainNegatives()).isEqualTo(3 * c.train());
        assertThat(c.testNegatives()).isEqualTo(99L * c.testUsers());
        assertThat(manifest.parameters().split()).isEqualTo("leave-last:2");
        assertThat(manifest.source().inputSha256()).containsKeys("u.data", "u.item", "u.user", "u.genre");
        assertThat(manifest.created()).isEqualTo("2026-11-22T00:00:00Z");

        Path local = dir.resolve("download");
        for (var entry : manifest.files().entrySet()) {
            Path file = local.resolve(entry.getKey());
            store.download(prefix + entry.getKey(), file);
            assertThat(Hashing.sha256(file)).as(entry.getKey()).isEqualTo(entry.getValue().sha256());
            assertThat(Files.size(file)).isEqualTo(entry.getValue().bytes());
        }
        NpzFile train = NpzFile.read(local.resolve("train.npz"));
        NpzFile test = NpzFile.read(local.resolve("test.npz"));
        assertThat(train.names()).containsExactly("user", "item", "label", "rating", "timestamp");
        int[] trainUsers = train.array("user").ints();
        int[] trainItems = train.array("item").ints();
        byte[] labels = train.array("label").bytes();
        assertThat(trainUsers).hasSize((int) (c.train() + c.trainNegatives()));
        Set<Long> positives = new HashSet<>();
        for (int k = 0; k < trainUsers.length; k++) {
            if (labels[k] == 1) {
                positives.add((long) trainUsers[k] << 32 | trainItems[k]);
            }
        }
        int[] testUsers = test.array("user").ints();
        int[] testItems = test.array("item").ints();
        byte[] testLabels = test.array("label").bytes();
        for (int k = 0; k < testUsers.length; k++) {
            if (testLabels[k] == 1) {
                assertThat(positives.add((long) testUsers[k] << 32 | testItems[k])).as("train and test disjoint").isTrue();
            }
        }
        assertThat(positives).hasSize((int) (c.train() + c.test()));
        for (int k = 0; k < trainUsers.length; k++) {
            if (labels[k] == 0) {
                assertThat(positives).doesNotContain((long) trainUsers[k] << 32 | trainItems[k]);
            }
        }
        for (int k = 0; k < testUsers.length; k++) {
            if (testLabels[k] == 0) {
                assertThat(positives).doesNotContain((long) testUsers[k] << 32 | testItems[k]);
            }
        }

        store.puts.clear();
        PrepareResult again = service.prepare(request);
        assertThat(again.reused()).isTrue();
        assertThat(again.datasetId()).isEqualTo(result.datasetId());
        assertThat(again.manifest()).isEqualTo(manifest);
        assertThat(store.puts).isEmpty();
    }

    @Test
    void theIdDependsOnContentAndParametersNotOnPackaging() throws Exception {
        String zip = uploadSynthetic("raw/ml-100k.zip", 50, 100, 1_000);
        PrepareResult fromZip = service.prepare(request("{\"source\":\"" + zip + "\",\"format\":\"movielens-100k\"}"));
        PrepareResult fromPrefix = service.prepare(request("{\"source\":\"s3://lambdarec-test/raw/ml-100k/\",\"format\":\"movielens-100k\"}"));
        PrepareResult fromRatingsFile = service.prepare(request("{\"source\":\"s3://lambdarec-test/raw/ml-100k/u.data\",\"format\":\"movielens-100k\"}"));
        assertThat(fromPrefix.datasetId()).isEqualTo(fromZip.datasetId());
        assertThat(fromPrefix.reused()).isTrue();
        assertThat(fromRatingsFile.manifest().source().inputSha256()).isEqualTo(fromZip.manifest().source().inputSha256());
        PrepareResult otherSplit = service.prepare(request("{\"source\":\"" + zip + "\",\"format\":\"movielens-100k\",\"split\":\"random:0.8:1\"}"));
        assertThat(otherSplit.datasetId()).isNotEqualTo(fromZip.datasetId());
    }

    @Test
    void filtersAndThresholdKeepCountsConserved() throws Exception {
        String source = uploadSynthetic("raw/ml-100k.zip", 100, 200, 3_000);
        PrepareResult result = service.prepare(request("{\"source\":\"" + source + "\",\"format\":\"movielens-100k\","
                + "\"ratingThreshold\":4,\"minUserInteractions\":5,\"minItemInteractions\":3,\"split\":\"random:0.8:3\",\"negatives\":0}"));
        DatasetManifest.Counts c = result.manifest().counts();
        assertThat(c.belowThreshold()).isPositive();
        assertThat(c.rowsRead()).isEqualTo(c.accepted() + c.rejected() + c.duplicatesMerged());
        assertThat(c.accepted()).isEqualTo(c.interactions() + c.belowThreshold() + c.removedByMinimums());
        assertThat(c.interactions()).isEqualTo(c.train() + c.test() + c.coldTestRowsDropped());
        assertThat(c.trainNegatives()).isZero();
    }

    @Test
    void badSourcesAreNamed() throws Exception {
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"s3://lambdarec-test/raw/nothing/\",\"format\":\"movielens-100k\"}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("nothing at s3://lambdarec-test/raw/nothing/");
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"s3://Bad_Bucket/x\",\"format\":\"csv\"}")))
                .hasMessageContaining("does not name a valid S3 bucket");
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"s3://no-such-bucket-here/x/\",\"format\":\"csv\"}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("no-such-bucket-here");
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"/etc/passwd\",\"format\":\"csv\"}")))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("local paths are not allowed here");
        store.put("raw/broken.zip", "not a zip".getBytes(), "application/zip");
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"s3://lambdarec-test/raw/broken.zip\",\"format\":\"movielens-100k\"}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("broken.zip is not a readable zip archive");
    }

    @Test
    void aFailedPrepareLeavesNoDatasetBehind() throws Exception {
        store.put("raw/garbage.csv", "user,item,rating\n,,x\n".getBytes(), "text/csv");
        assertThatThrownBy(() -> service.prepare(request("{\"source\":\"s3://lambdarec-test/raw/garbage.csv\",\"format\":\"csv\"}")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("none of the 1 rows is valid");
        assertThat(store.list("datasets/garbage")).isEmpty();
        try (var work = Files.list(dir.resolve("work"))) {
            assertThat(work.toList()).as("scratch space cleaned").isEmpty();
        }
    }

    @Test
    void localSourcesWhenAllowed() throws Exception {
        Path csv = Files2.write(dir.resolve("local.csv"), "user,item\na,x\na,y\nb,x\nb,z\n");
        PrepareService local = new PrepareService(store, dir.resolve("work"), true, Clock.systemUTC());
        PrepareResult result = local.prepare(request("{\"source\":\"" + csv + "\",\"format\":\"csv\",\"split\":\"random:0.5:1\",\"negatives\":1}"));
        assertThat(result.manifest().counts().interactions()).isEqualTo(4);
        assertThat(result.manifest().columns().get("train.npz")).extracting(DatasetManifest.Column::name)
                .containsExactly("user", "item", "label");
        try (InputStream in = store.open("datasets/" + result.datasetId() + "/manifest.json")) {
            assertThat(JSON.readTree(in).path("counts").path("rowsRead").asLong()).isEqualTo(4);
        }
    }

    @Test
    void slugsAreReadable() {
        assertThat(PrepareService.slug("s3://b/raw/ml-100k.zip")).isEqualTo("ml-100k");
        assertThat(PrepareService.slug("s3://b/raw/ml-100k/")).isEqualTo("ml-100k");
        assertThat(PrepareService.slug("s3://b/raw/My Ratings (2024).CSV")).isEqualTo("my-ratings-2024");
        assertThat(PrepareService.slug("s3://b/")).isEqualTo("b");
    }
}
