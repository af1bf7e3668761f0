package dev.lambdarec.data;

/** Why an input row was rejected. The code is stable (manifest keys, rejected.tsv.gz); the detail says more. */
public enum RejectReason {
    EMPTY_LINE("empty_line"),
    LINE_TOO_LONG("line_too_long"),
    FIELD_COUNT("field_count"),
    UNTERMINATED_QUOTE("unterminated_quote"),
    TEXT_AFTER_QUOTE("text_after_quote"),
    EMPTY_USER("empty_user"),
    EMPTY_ITEM("empty_item"),
    ID_TOO_LONG("id_too_long"),
    CONTROL_CHARACTER("control_character"),
    BAD_ENCODING("bad_encoding"),
    BAD_RATING("bad_rating"),
    RATING_NOT_FINITE("rating_not_finite"),
    RATING_OUT_OF_RANGE("rating_out_of_range"),
    RATING_OFF_SCALE("rating_off_scale"),
    EMPTY_TIMESTAMP("empty_timestamp"),
    BAD_TIMESTAMP("bad_timestamp"),
    NEGATIVE_TIMESTAMP("negative_timestamp");

    public final String code;

    RejectReason(String code) {
        this.code = code;
    }
}
