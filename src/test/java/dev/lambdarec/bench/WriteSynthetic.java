package dev.lambdarec.bench;

import dev.lambdarec.synth.SyntheticInteractions;
import dev.lambdarec.synth.SyntheticSpec;
import java.nio.file.Path;

/** Writes a synthetic data set in the MovieLens 100K layout: DIR USERS ITEMS INTERACTIONS SEED. */
public final class WriteSynthetic {
    public static void main(String[] args) throws Exception {
        SyntheticSpec spec = SyntheticSpec.movielensLike(Long.parseLong(args[4]))
                .withSize(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Long.parseLong(args[3]));
        long started = System.nanoTime();
        new SyntheticInteractions(spec).writeMovieLens100k(Path.of(args[0]));
        System.out.printf("wrote %,d interactions to %s in %.1f s%n", spec.interactions(), args[0], (System.nanoTime() - started) / 1e9);
    }
}
