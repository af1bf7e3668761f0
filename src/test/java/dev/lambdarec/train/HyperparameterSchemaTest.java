package dev.lambdarec.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.jobs.AlgorithmSchema;
import dev.lambdarec.jobs.AlgorithmSchemas;
import dev.lambdarec.jobs.Hyperparameter;
import dev.lambdarec.synth.SyntheticSpec;
import dev.lambdarec.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The declarations are the truth: the trainer knows exactly the declared algorithms, every declared key is read by
 * a run and nothing undeclared is, and the docs (docs/hyperparameters.md, README's table) say what is declared.
 */
class HyperparameterSchemaTest {
    private static final Path DOC = Path.of("docs/hyperparameters.md");

    @Test
    void theTrainerKnowsExactlyTheDeclaredAlgorithms() {
        assertThat(Algorithms.names()).isEqualTo(AlgorithmSchemas.names());
    }

    /** Regenerate with {@code ./mvnw test -Dtest=HyperparameterSchemaTest -Dlambdarec.write-docs=true}. */
    @Test
    void docsHyperparametersMdIsGeneratedFromTheDeclarations() throws Exception {
        String generated = AlgorithmSchemas.markdown();
        if (Boolean.getBoolean("lambdarec.write-docs")) {
            Files.writeString(DOC, generated, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOC)).as(DOC + " is stale: regenerate it (see this test's comment)").isEqualTo(generated);
    }

    /** README's table names main hyperparameters with their defaults, as "`key` (default"; each must be declared so. */
    @Test
    void readmesAlgorithmTableAgreesWithTheDeclarations() throws Exception {
        Map<String, String> rows = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            Matcher row = Pattern.compile("^\\| `([a-z-]+)` \\| .* \\| (.*) \\|$").matcher(line);
            if (row.matches() && AlgorithmSchemas.names().contains(row.group(1))) {
                rows.put(row.group(1), row.group(2));
            }
        }
        assertThat(rows.keySet()).as("a README row per algorithm").containsExactlyInAnyOrderElementsOf(AlgorithmSchemas.names());
        List<String> claims = new ArrayList<>();
        rows.forEach((algorithm, text) -> {
            AlgorithmSchema schema = AlgorithmSchemas.byName(algorithm);
            Matcher claim = Pattern.compile("`([a-z_]+)` \\(`?([0-9.,]+|[a-z]+)`?").matcher(text);
            while (claim.find()) {
                String key = claim.group(1);
                String stated = claim.group(2).replace(",", "");
                List<Hyperparameter> declared = allVariants(schema).stream().filter(p -> p.name().equals(key)).toList();
                assertThat(declared).as("README names %s of %s; it is not declared", key, algorithm).isNotEmpty();
                assertThat(declared).as("README says %s of %s defaults to %s", key, algorithm, stated)
                        .anyMatch(p -> sameValue(p.defaultValue().replace(",", ""), stated) || p.defaultValue().startsWith(claim.group(2)));
                claims.add(algorithm + "." + key);
            }
        });
        assertThat(claims).hasSizeGreaterThan(40);
    }

    @Test
    void everyDeclaredKeyIsReadAndNothingUndeclaredIs() {
        TrainingData data = TestData.trainingData(new SyntheticSpec(60, 80, 2_000, 3, 0.6, 6.0, 5), "stratified-user:0.8:1");
        for (String name : AlgorithmSchemas.names()) {
            AlgorithmSchema schema = AlgorithmSchemas.byName(name);
            List<String> variants = schema.variantKey() == null ? java.util.Collections.singletonList(null) : List.copyOf(schema.variants().keySet());
            for (String variant : variants) {
                Map<String, String> values = fast(schema, variant);
                AlgorithmSchemas.validate(name, values);
                Hyperparameters hp = new Hyperparameters(values);
                Algorithms.byName(name).train(data, hp, TrainingLoop.Validation.NONE);
                List<String> declared = schema.declared(values::get).stream().map(Hyperparameter::name).toList();
                assertThat(hp.used().keySet().stream().filter(k -> !k.contains(".")).toList())
                        .as("%s%s reads every key it declares (and seed)", name, variant == null ? "" : " " + schema.variantKey() + "=" + variant)
                        .containsAll(declared);
            }
        }
    }

    @Test
    void anUndeclaredReadIsAProgrammingErrorNotADefault() {
        Hyperparameters hp = new Hyperparameters(Map.of()).bind("ease");
        assertThatThrownBy(() -> hp.integer("factors")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hyperparameter factors is read but not declared for ease");
    }

    /** The quickest settings each algorithm accepts, so every one trains in a moment. */
    private static Map<String, String> fast(AlgorithmSchema schema, String variant) {
        Map<String, String> values = new HashMap<>();
        if (variant != null) {
            values.put(schema.variantKey(), variant);
        }
        Map<String, String> quick = Map.of("factors", "4", "epochs", "1", "iterations", "3", "burn_in", "1", "candidates", "20",
                "ranker", "ease");
        for (Hyperparameter p : schema.declared(values::get)) {
            if (quick.containsKey(p.name())) {
                values.put(p.name(), quick.get(p.name()));
            }
        }
        if (schema.staged()) {
            values.putAll(Map.of("retriever.factors", "4", "retriever.iterations", "1", "blend", "0.5,0.5"));
        }
        return values;
    }

    private static List<Hyperparameter> allVariants(AlgorithmSchema schema) {
        List<Hyperparameter> all = new ArrayList<>(schema.parameters());
        schema.variants().values().forEach(all::addAll);
        return all;
    }

    private static boolean sameValue(String declared, String stated) {
        try {
            return Double.parseDouble(declared) == Double.parseDouble(stated);
        } catch (NumberFormatException e) {
            return declared.equals(stated);
        }
    }
}
