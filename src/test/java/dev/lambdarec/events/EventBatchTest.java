package dev.lambdarec.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lambdarec.common.BadRequestException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EventBatchTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final EventBatch.Limits LIMITS = new EventBatch.Limits(100, Set.of("view", "click", "purchase", "rating"));
    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final String GOOD = "{\"item\":\"242\",\"type\":\"click\",\"timestamp\":\"2026-12-01T10:00:00Z\",\"value\":1,\"eventId\":\"e-1\"}";

    static EventBatch parse(String body) throws Exception {
        return EventBatch.parse(JSON.readTree(body), LIMITS, NOW);
    }

    @Test
    void aGoodEventIsAcceptedWithEveryField() throws Exception {
        EventBatch batch = parse("{\"user\":\"196\",\"events\":[" + GOOD + ",{\"item\":50,\"type\":\"view\"}]}");
        assertThat(batch.subject()).isEqualTo("user:196");
        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted().get(0)).isEqualTo(new Event("user:196", "242", "click", Instant.parse("2026-12-01T10:00:00Z").getEpochSecond(), 1.0, "e-1"));
        Event second = batch.accepted().get(1);
        assertThat(second.item()).isEqualTo("50");
        assertThat(second.timestamp()).as("no timestamp: now").isEqualTo(NOW.getEpochSecond());
        assertThat(second.value()).isEqualTo(1.0);
        assertThat(second.eventId()).as("derived from the content, so a retry is the same event").hasSize(32)
                .isEqualTo(parse("{\"user\":\"196\",\"events\":[{\"item\":50,\"type\":\"view\"}]}").accepted().get(0).eventId());
        assertThat(parse("{\"session\":\"s-9f2\",\"events\":[" + GOOD + "]}").subject()).isEqualTo("session:s-9f2");
    }

    /** At least 40 malformed events, each rejected with its reason, none stopping the good ones around it. */
    static Stream<Arguments> malformedEvents() {
        String id300 = "x".repeat(300);
        return Stream.of(
                Arguments.of("1", "an event must be an object"),
                Arguments.of("\"click\"", "an event must be an object"),
                Arguments.of("[]", "an event must be an object"),
                Arguments.of("null", "an event must be an object"),
                Arguments.of("{}", "item is missing"),
                Arguments.of("{\"type\":\"click\"}", "item is missing"),
                Arguments.of("{\"item\":\"\",\"type\":\"click\"}", "item must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":null,\"type\":\"click\"}", "item must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":1.5,\"type\":\"click\"}", "item must be a non-empty string or a whole number, was 1.5"),
                Arguments.of("{\"item\":true,\"type\":\"click\"}", "item must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":[\"1\"],\"type\":\"click\"}", "item must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":{\"id\":1},\"type\":\"click\"}", "item must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":\"" + id300 + "\",\"type\":\"click\"}", "item is 300 bytes long; ids have at most 256"),
                Arguments.of("{\"item\":\"" + "é".repeat(200) + "\",\"type\":\"click\"}", "item is 400 bytes long"),
                Arguments.of("{\"item\":\"a\\u0000b\",\"type\":\"click\"}", "control character 0x00 in item"),
                Arguments.of("{\"item\":\"a\\nb\",\"type\":\"click\"}", "control character 0x0A in item"),
                Arguments.of("{\"item\":\"a\\u007Fb\",\"type\":\"click\"}", "control character 0x7F in item"),
                Arguments.of("{\"item\":\"a\\ud800b\",\"type\":\"click\"}", "item is not valid UTF-8 (a lone surrogate)"),
                Arguments.of("{\"item\":\"1\"}", "type must be one of"),
                Arguments.of("{\"item\":\"1\",\"type\":7}", "type must be one of"),
                Arguments.of("{\"item\":\"1\",\"type\":null}", "type must be one of"),
                Arguments.of("{\"item\":\"1\",\"type\":\"Click\"}", "unknown type 'Click' (known: click, purchase, rating, view)"),
                Arguments.of("{\"item\":\"1\",\"type\":\"\"}", "unknown type ''"),
                Arguments.of("{\"item\":\"1\",\"type\":\"hover\"}", "unknown type 'hover'"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":\"yesterday\"}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":\"2026-12-01\"}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":\"2026-13-01T10:00:00Z\"}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":1.5}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":true}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":null}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":-5}", "timestamp is before 1970: -5"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":18446744073709551616}", "timestamp must be an ISO-8601 instant"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":1764676800000}", "is more than a day ahead of the clock"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"timestamp\":\"2027-01-01T00:00:00Z\"}", "is more than a day ahead of the clock"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"value\":\"4\"}", "value must be a number, was \"4\""),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"value\":null}", "value must be a number"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"value\":[1]}", "value must be a number"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"value\":1e999}", "value is not finite"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"value\":-1e999}", "value is not finite"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"eventId\":\"\"}", "eventId must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"eventId\":2.5}", "eventId must be a non-empty string or a whole number"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"eventId\":\"" + id300 + "\"}", "eventId is 300 bytes long"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"eventId\":\"e\\r1\"}", "control character 0x0D in eventId"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"user\":\"196\"}", "unknown field 'user'"),
                Arguments.of("{\"item\":\"1\",\"type\":\"click\",\"rating\":4}", "unknown field 'rating'"));
    }

    @ParameterizedTest
    @MethodSource("malformedEvents")
    void aMalformedEventIsRejectedWithItsReasonAndTheGoodOnesAreKept(String event, String reason) throws Exception {
        EventBatch batch = parse("{\"user\":\"196\",\"events\":[" + GOOD + "," + event + "," + GOOD.replace("e-1", "e-2") + "]}");
        assertThat(batch.accepted()).extracting(Event::eventId).containsExactly("e-1", "e-2");
        assertThat(batch.rejected()).hasSize(1);
        assertThat(batch.rejected().get(0).index()).isEqualTo(1);
        assertThat(batch.rejected().get(0).reason()).contains(reason).doesNotContain("java.", "Exception");
    }

    @Test
    void theCorpusIsLargeAndEveryEventReadIsAcceptedOrRejected() throws Exception {
        List<Arguments> corpus = malformedEvents().toList();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(40);
        ArrayNode events = JSON.createArrayNode();
        for (Arguments a : corpus) {
            events.add(JSON.readTree((String) a.get()[0]));
            events.add(JSON.readTree(GOOD.replace("e-1", "e-" + events.size())));
        }
        ObjectNode body = JSON.createObjectNode().put("user", "196");
        body.set("events", events);
        EventBatch batch = EventBatch.parse(body, new EventBatch.Limits(1000, LIMITS.types()), NOW);
        assertThat(batch.accepted().size() + batch.rejected().size()).isEqualTo(events.size());
        assertThat(batch.rejected()).hasSize(corpus.size());
    }

    static Stream<Arguments> malformedRequests() {
        return Stream.of(
                Arguments.of("[]", "body must be a JSON object"),
                Arguments.of("{\"events\":[" + GOOD + "]}", "give exactly one of user"),
                Arguments.of("{\"user\":\"1\",\"session\":\"s\",\"events\":[" + GOOD + "]}", "give exactly one of user"),
                Arguments.of("{\"user\":\"\",\"events\":[" + GOOD + "]}", "user must be a non-empty string"),
                Arguments.of("{\"session\":\"a\\u0001\",\"events\":[" + GOOD + "]}", "control character 0x01 in session"),
                Arguments.of("{\"user\":\"1\"}", "events must be a non-empty array"),
                Arguments.of("{\"user\":\"1\",\"events\":[]}", "events must be a non-empty array"),
                Arguments.of("{\"user\":\"1\",\"events\":{}}", "events must be a non-empty array"),
                Arguments.of("{\"user\":\"1\",\"events\":[" + (GOOD + ",").repeat(100) + GOOD + "]}", "events has 101 entries; at most 100 per request"),
                Arguments.of("{\"user\":\"1\",\"events\":[" + GOOD + "],\"when\":1}", "unknown field 'when'"));
    }

    @ParameterizedTest
    @MethodSource("malformedRequests")
    void aMalformedRequestIsRefusedWhole(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(BadRequestException.class).hasMessageContaining(message);
    }
}
