package dev.lambdarec.prepare;

import dev.lambdarec.common.BadRequestException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lambdarec.data.RatingsFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A corpus of bad requests: each gets an error that names the field and what is wrong with it. */
class PrepareRequestParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final PrepareRequestParser parser = new PrepareRequestParser(PrepareDefaults.STANDARD);

    static Stream<Arguments> badRequests() {
        String ok = "\"source\":\"s3://b-1/raw/ml-100k.zip\",\"format\":\"movielens-100k\"";
        String csv = "\"source\":\"s3://b-1/raw/r.csv\",\"format\":\"csv\"";
        return Stream.of(
                Arguments.of("[1,2]", "request must be a JSON object"),
                Arguments.of("\"text\"", "request must be a JSON object"),
                Arguments.of("{\"format\":\"csv\"}", "source is required"),
                Arguments.of("{\"source\":null,\"format\":\"csv\"}", "source is required"),
                Arguments.of("{\"source\":\"  \",\"format\":\"csv\"}", "source must not be empty"),
                Arguments.of("{\"source\":5,\"format\":\"csv\"}", "source must be a string, was number 5"),
                Arguments.of("{\"source\":\"s3://b-1/x\"}", "format is required"),
                Arguments.of("{\"source\":\"s3://b-1/x\",\"format\":\"movielens-10m\"}", "format: format 'movielens-10m' is not one of movielens-100k, movielens-1m, movielens-latest, csv"),
                Arguments.of("{" + ok + ",\"splt\":\"random:0.8:1\"}", "unknown field 'splt'"),
                Arguments.of("{" + ok + ",\"split\":\"foo:1\"}", "split: split 'foo:1': unknown kind 'foo'"),
                Arguments.of("{" + ok + ",\"split\":\"random:1.5:42\"}", "RATIO must be strictly between 0 and 1, was 1.5"),
                Arguments.of("{" + ok + ",\"split\":\"random:0:42\"}", "RATIO must be strictly between 0 and 1, was 0"),
                Arguments.of("{" + ok + ",\"split\":\"random:0.8:x\"}", "SEED is not an integer: 'x'"),
                Arguments.of("{" + ok + ",\"split\":\"leave-last:0\"}", "N must be >= 1"),
                Arguments.of("{" + ok + ",\"split\":\"leave-last\"}", "expected 1 parameter(s) after 'leave-last', found 0"),
                Arguments.of("{" + ok + ",\"split\":\"temporal:abc\"}", "RATIO is not a number: 'abc'"),
                Arguments.of("{" + ok + ",\"split\":\"\"}", "split is empty"),
                Arguments.of("{" + ok + ",\"split\":42}", "split must be a string"),
                Arguments.of("{" + ok + ",\"negatives\":-1}", "negatives must be between 0 and 100, was -1"),
                Arguments.of("{" + ok + ",\"negatives\":\"4\"}", "negatives must be an integer, was \"4\""),
                Arguments.of("{" + ok + ",\"negatives\":2.5}", "negatives must be an integer, was 2.5"),
                Arguments.of("{" + ok + ",\"negatives\":1e12}", "negatives must be an integer"),
                Arguments.of("{" + ok + ",\"testNegatives\":5000}", "testNegatives must be between 0 and 1000, was 5000"),
                Arguments.of("{" + ok + ",\"seed\":\"x\"}", "seed must be an integer, was \"x\""),
                Arguments.of("{" + ok + ",\"minUserInteractions\":-3}", "minUserInteractions must be between 0 and 1000000, was -3"),
                Arguments.of("{" + ok + ",\"minItemInteractions\":true}", "minItemInteractions must be an integer, was true"),
                Arguments.of("{" + ok + ",\"ratingThreshold\":\"high\"}", "ratingThreshold must be a finite number"),
                Arguments.of("{" + ok + ",\"coldStart\":\"maybe\"}", "coldStart: coldStart must be 'drop' or 'keep', was 'maybe'"),
                Arguments.of("{" + ok + ",\"csv\":{\"delimiter\":\";\"}}", "csv: options apply only to format 'csv', not 'movielens-100k'"),
                Arguments.of("{" + csv + ",\"csv\":[1]}", "csv must be an object"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"user\"}}", "csv.columns: 'user' is not role=column"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"user=a,item=a\"}}", "two roles name the same column"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"user=a,rating=b\"}}", "columns must map both user and item"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"customer=a,item=b\"}}", "unknown role 'customer'"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"user=-1,item=b\"}}", "index for 'user' must be >= 0"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":\"user=a,user=b,item=c\"}}", "role 'user' given twice"),
                Arguments.of("{" + csv + ",\"csv\":{\"header\":\"yes\"}}", "csv.header must be true or false, was \"yes\""),
                Arguments.of("{" + csv + ",\"csv\":{\"ratingRange\":\"5:1\"}}", "rating range min 5.0 is above max 1.0"),
                Arguments.of("{" + csv + ",\"csv\":{\"ratingRange\":\"1-5\"}}", "ratingRange '1-5' is not MIN:MAX"),
                Arguments.of("{" + csv + ",\"csv\":{\"bogus\":1}}", "unknown field 'csv.bogus'"),
                Arguments.of("{" + csv + ",\"csv\":{\"delimiter\":\"\"}}", "delimiter must not be empty"),
                Arguments.of("{" + csv + ",\"csv\":{\"columns\":{\"user\":[1],\"item\":2}}}", "columns: 'user' must be a column name or index"));
    }

    @ParameterizedTest
    @MethodSource("badRequests")
    void badRequestsNameTheField(String body, String message) {
        assertThatThrownBy(() -> parser.parse(JSON.readTree(body)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining(message);
    }

    @Test
    void corpusIsLarge() {
        assertThat(badRequests().count()).isGreaterThanOrEqualTo(30);
    }

    @Test
    void defaultsFillWhatIsLeftOut() throws Exception {
        PrepareRequest request = parser.parse(JSON.readTree("{\"source\":\"s3://b-1/raw/ml-100k.zip\",\"format\":\"movielens-100k\"}"));
        assertThat(request.format()).isEqualTo(RatingsFormat.MOVIELENS_100K);
        assertThat(request.split().toString()).isEqualTo("stratified-item:0.75:42");
        assertThat(request.negatives()).isEqualTo(4);
        assertThat(request.coldStart()).isEqualTo(Split.ColdStart.DROP);
    }

    @Test
    void theIssuesExampleParses() throws Exception {
        PrepareRequest request = parser.parse(JSON.readTree(
                "{\"source\":\"s3://bucket/raw/ml-100k.zip\",\"format\":\"movielens-100k\",\"split\":\"leave-last:10\",\"negatives\":4}"));
        assertThat(request.split().count()).isEqualTo(10);
        PrepareRequest csv = parser.parse(JSON.readTree("{\"source\":\"s3://b-1/r.csv\",\"format\":\"csv\","
                + "\"csv\":{\"columns\":{\"user\":\"uid\",\"item\":3},\"delimiter\":\"\\t\",\"header\":true,\"ratingRange\":\"1:10\"}}"));
        assertThat(csv.csv().columns()).containsKeys("user", "item");
        assertThat(csv.csv().scale().max()).isEqualTo(10);
    }
}
