package dev.lambdarec.train;

import java.util.List;

/** Every algorithm the trainer knows, by name. */
public final class Algorithms {
    private static final List<Algorithm> ALL = List.of(new Popular(), new Ease(), new Ials(), new BiasedMf());

    private Algorithms() {
    }

    public static Algorithm byName(String name) {
        return ALL.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + names() + ")"));
    }

    public static List<String> names() {
        return ALL.stream().map(Algorithm::name).toList();
    }
}
