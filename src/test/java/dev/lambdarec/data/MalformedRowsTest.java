package dev.lambdarec.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A corpus of bad rows, each between good rows: every one is rejected with its exact line number and reason,
 * kept raw in rejected.tsv.gz, and rows read = accepted + rejected.
 */
class MalformedRowsTest {

    @TempDir
    Path dir;

    private record Bad(String line, RejectReason reason, String detail) {
        Bad(byte[] bytes, RejectReason reason, String detail) {
            this(new String(bytes, StandardCharsets.ISO_8859_1), reason, detail);
        }
    }

    private static final List<Bad> CORPUS = List.of(
            new Bad("", RejectReason.EMPTY_LINE, "empty line"),
            new Bad("    ", RejectReason.EMPTY_LINE, "empty line"),
            new Bad("u1,i1,3", RejectReason.FIELD_COUNT, "expected 4 fields separated by ',', found 3"),
            new Bad("u1,i1,3,100,extra", RejectReason.FIELD_COUNT, "found 5"),
            new Bad("u1;i1;3;100", RejectReason.FIELD_COUNT, "found 1"),
            new Bad(",i1,3,100", RejectReason.EMPTY_USER, "empty user id"),
            new Bad("u1,,3,100", RejectReason.EMPTY_ITEM, "empty item id"),
            new Bad("  ,i1,3,100", RejectReason.EMPTY_USER, "empty user id"),
            new Bad("u1,i1,abc,100", RejectReason.BAD_RATING, "rating is not a number: 'abc'"),
            new Bad("u1,i1,,100", RejectReason.BAD_RATING, "rating is not a number: ''"),
            new Bad("u1,i1,4 stars,100", RejectReason.BAD_RATING, "'4 stars'"),
            new Bad("u1,i1,0x3,100", RejectReason.BAD_RATING, "'0x3'"),
            new Bad("u1,i1,4f,100", RejectReason.BAD_RATING, "'4f'"),
            new Bad("u1,i1,NaN,100", RejectReason.RATING_NOT_FINITE, "rating is not finite: 'NaN'"),
            new Bad("u1,i1,-Infinity,100", RejectReason.RATING_NOT_FINITE, "'-Infinity'"),
            new Bad("u1,i1,3e400,100", RejectReason.RATING_NOT_FINITE, "'3e400'"),
            new Bad("u1,i1,7,100", RejectReason.RATING_OUT_OF_RANGE, "rating 7 outside [1, 5] step 0.5"),
            new Bad("u1,i1,0,100", RejectReason.RATING_OUT_OF_RANGE, "rating 0 outside"),
            new Bad("u1,i1,-1,100", RejectReason.RATING_OUT_OF_RANGE, "rating -1 outside"),
            new Bad("u1,i1,3.3,100", RejectReason.RATING_OFF_SCALE, "rating 3.3 is not a multiple of 0.5 from 1"),
            new Bad("u1,i1,3,", RejectReason.EMPTY_TIMESTAMP, "empty timestamp"),
            new Bad("u1,i1,3,yesterday", RejectReason.BAD_TIMESTAMP, "'yesterday'"),
            new Bad("u1,i1,3,12.5", RejectReason.BAD_TIMESTAMP, "'12.5'"),
            new Bad("u1,i1,3,99999999999999999999", RejectReason.BAD_TIMESTAMP, "'99999999999999999999'"),
            new Bad("u1,i1,3,2024-13-45", RejectReason.BAD_TIMESTAMP, "'2024-13-45'"),
            new Bad("u1,i1,3,-5", RejectReason.NEGATIVE_TIMESTAMP, "negative timestamp -5"),
            new Bad("\"u1,i1,3,100", RejectReason.UNTERMINATED_QUOTE, "no closing quote"),
            new Bad("\"u1\"x,i1,3,100", RejectReason.TEXT_AFTER_QUOTE, "text after a closing quote"),
            new Bad("u\u0001,i1,3,100", RejectReason.CONTROL_CHARACTER, "control character 0x01 in user id"),
            new Bad("u1,i\u007f,3,100", RejectReason.CONTROL_CHARACTER, "control character 0x7F in item id"),
            new Bad("u1\t,i1,3,100", RejectReason.CONTROL_CHARACTER, "control character 0x09 in user id"),
            new Bad(new byte[] {'u', (byte) 0xFF, (byte) 0xFE, ',', 'i', '1', ',', '3', ',', '1'},
                    RejectReason.BAD_ENCODING, "user id is not valid UTF-8"),
            new Bad(new byte[] {'u', '1', ',', 'i', (byte) 0xC3, ',', '3', ',', '1'},
                    RejectReason.BAD_ENCODING, "item id is not valid UTF-8"),
            new Bad("u".repeat(300) + ",i1,3,100", RejectReason.ID_TOO_LONG, "user id longer than 256 bytes"),
            new Bad("u1," + "i".repeat(2_000_000) + ",3,100", RejectReason.LINE_TOO_LONG, "line longer than 1048576 bytes"));

    @Test
    void everyBadRowIsRejectedWithLineAndReasonAndNothingIsLost() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes("user,item,rating,timestamp\n".getBytes(StandardCharsets.UTF_8));
        Map<Long, Bad> expected = new LinkedHashMap<>();
        long line = 1;
        int good = 0;
        for (Bad bad : CORPUS) {
            file.writeBytes(("good" + good++ + ",i" + good + ",4.5,100\n").getBytes(StandardCharsets.UTF_8));
            line++;
            file.writeBytes(bad.line().getBytes(StandardCharsets.ISO_8859_1));
            file.write('\n');
            expected.put(++line, bad);
        }
        file.writeBytes("\"quoted, user\",\"item \"\"x\"\"\",5,200\r\n".getBytes(StandardCharsets.UTF_8)); // good, CRLF
        good++;
        file.writeBytes("last,row,1,300".getBytes(StandardCharsets.UTF_8)); // good, no final newline
        good++;
        Path csv = Files.write(dir.resolve("ratings.csv"), file.toByteArray());

        CsvOptions options = new CsvOptions(Map.of(), ",", true, new RatingScale(1, 5, 0.5), null);
        Path rejectedFile = dir.resolve("rejected.tsv.gz");
        RawReader.Read read;
        Map<String, Long> byReason;
        try (SourceFiles files = SourceFiles.open(csv); Rejections rejections = new Rejections(rejectedFile)) {
            read = RawReader.read(RawInput.resolve(files, RatingsFormat.CSV, options), rejections);
            byReason = rejections.byReason();
        }

        assertThat(CORPUS).hasSizeGreaterThanOrEqualTo(30);
        assertThat(read.counts().rowsRead()).isEqualTo(CORPUS.size() + good);
        assertThat(read.counts().accepted()).isEqualTo(good);
        assertThat(read.counts().rejected()).isEqualTo(CORPUS.size());
        assertThat(read.counts().rowsRead()).isEqualTo(read.counts().accepted() + read.counts().rejected());
        assertThat(read.interactions().userIds()).contains("quoted, user");
        assertThat(read.interactions().itemIds()).contains("item \"x\"");

        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(rejectedFile)), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("file\tline\treason\tdetail\traw");
            for (String row = in.readLine(); row != null; row = in.readLine()) {
                rows.add(row.split("\t", -1));
            }
        }
        assertThat(rows).hasSize(CORPUS.size());
        for (String[] row : rows) {
            Bad bad = expected.get(Long.parseLong(row[1]));
            assertThat(bad).as("rejected line %s", row[1]).isNotNull();
            assertThat(row[0]).isEqualTo("ratings.csv");
            assertThat(row[2]).as("reason of line %s", row[1]).isEqualTo(bad.reason().code);
            assertThat(row[3]).as("detail of line %s", row[1]).contains(bad.detail());
            assertThat(row).hasSize(5);
        }
        long distinctReasons = CORPUS.stream().map(Bad::reason).distinct().count();
        assertThat(byReason).hasSize((int) distinctReasons);
        assertThat(byReason.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(CORPUS.size());
        assertThat(byReason).containsEntry("control_character", 3L).containsEntry("rating_out_of_range", 3L);
    }

    @Test
    void rawLinesAreEscapedSoTheTsvStaysOneRowPerRejection() {
        assertThat(Rejections.escape("a\tb\\c\nd")).isEqualTo("a\\tb\\\\c\\nd");
        assertThat(Rejections.escape("plain")).isEqualTo("plain");
    }
}
