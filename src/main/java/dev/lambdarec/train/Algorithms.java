package dev.lambdarec.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every algorithm the trainer knows, by name, one per declaration of {@link dev.lambdarec.jobs.AlgorithmSchemas}
 * (a test keeps the two lists equal). Created on demand: some (fm) need libraries only the trainer has.
 */
public final class Algorithms {
    private static final Map<String, Supplier<Algorithm>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("popular", Popular::new);
        ALL.put("ease", Ease::new);
        ALL.put("ials", Ials::new);
        ALL.put("mf", BiasedMf::new);
        ALL.put("fm", FactorizationMachine::new);
        ALL.put("neumf", dev.lambdarec.train.neural.NeuMf::new);
        ALL.put("two-tower", dev.lambdarec.train.neural.TwoTower::new);
        ALL.put("dlrm", dev.lambdarec.train.neural.Dlrm::new);
        ALL.put("wide-deep", dev.lambdarec.train.neural.WideDeep::new);
        ALL.put("two-stage", TwoStage::new);
    }

    private Algorithms() {
    }

    public static Algorithm byName(String name) {
        Supplier<Algorithm> algorithm = ALL.get(name);
        if (algorithm == null) {
            throw new IllegalArgumentException("unknown algorithm '" + name + "' (known: " + names() + ")");
        }
        return algorithm.get();
    }

    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }
}
