package dev.lambdarec.store;

/** {@code s3://bucket/key}, parsed strictly. */
public record S3Uri(String bucket, String key) {

    public static boolean looksLike(String text) {
        return text != null && text.startsWith("s3://");
    }

    public static S3Uri parse(String text) {
        if (!looksLike(text)) {
            throw new IllegalArgumentException("'" + text + "' is not an s3://bucket/key URI");
        }
        String rest = text.substring("s3://".length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + text + "' does not name a valid S3 bucket ('" + bucket + "')");
        }
        return new S3Uri(bucket, key);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key;
    }
}
