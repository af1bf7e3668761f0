package dev.lambdarec.prepare;

/** What a request that leaves a parameter out gets (configured per deployment). */
public record PrepareDefaults(String split, int negatives, int testNegatives, long seed, String coldStart) {
    public static final PrepareDefaults STANDARD = new PrepareDefaults("stratified-item:0.75:42", 4, 0, 42, "drop");
}
