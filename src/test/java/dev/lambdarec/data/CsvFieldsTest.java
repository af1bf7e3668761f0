package dev.lambdarec.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The one RFC 4180 splitter, for the ratings parser's bytes and for header and side-file lines alike. */
class CsvFieldsTest {
    @Test
    void quotedFieldsKeepDelimitersAndDoubledQuotes() {
        assertThat(CsvFields.split("1, \"Toy Story (1995)\" ,Animation|Children", ",")).containsExactly("1", "Toy Story (1995)", "Animation|Children");
        assertThat(CsvFields.split("2,\"Shawshank, The \"\"Redemption\"\"\",Drama", ",")).containsExactly("2", "Shawshank, The \"Redemption\"", "Drama");
        assertThat(CsvFields.split("a::b:: c ", "::")).containsExactly("a", "b", "c");
        assertThat(CsvFields.split("x,,", ",")).containsExactly("x", "", "");
    }

    @Test
    void malformedQuotingIsNamedNotGuessed() {
        assertThat(CsvFields.split("1,\"never closed,3", ",")).isNull();
        assertThat(CsvFields.split("1,\"closed\"then text,3", ",")).isNull();
        CsvFields fields = new CsvFields(",", true, 8);
        byte[] open = "1,\"never closed".getBytes(StandardCharsets.UTF_8);
        assertThat(fields.split(open, 0, open.length)).isEqualTo(CsvFields.UNTERMINATED_QUOTE);
        byte[] after = "1,\"q\"x".getBytes(StandardCharsets.UTF_8);
        assertThat(fields.split(after, 0, after.length)).isEqualTo(CsvFields.TEXT_AFTER_QUOTE);
    }

    @Test
    void withQuotingOffAQuoteIsAnOrdinaryByteAndFieldsAreViewsIntoTheLine() {
        CsvFields fields = new CsvFields("\t", false, 8);
        byte[] line = "u1\t\"i\t5".getBytes(StandardCharsets.UTF_8);
        assertThat(fields.split(line, 0, line.length)).isEqualTo(3);
        assertThat(fields.bytes(1)).isSameAs(line);
        assertThat(new String(line, fields.start(1), fields.end(1) - fields.start(1), StandardCharsets.UTF_8)).isEqualTo("\"i");
        CsvFields capped = new CsvFields(",", true, 2);
        byte[] wide = "a,b,c,d,e".getBytes(StandardCharsets.UTF_8);
        assertThat(capped.split(wide, 0, wide.length)).as("stops past the cap").isEqualTo(3);
    }
}
