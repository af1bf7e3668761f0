package dev.lambdarec.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Where the search draws from: the ends, the log scale, whole numbers and lists, and the way back from a value. */
class SearchRangeTest {

    @Test
    void aLogScaledIntervalIsUniformInTheLogAndKeepsThreeDigits() {
        SearchRange lambda = SearchRange.continuous("lambda", 5, 5000, true);
        assertThat(lambda.at(0)).isEqualTo("5.0");
        assertThat(lambda.at(Math.nextDown(1.0))).isEqualTo("5000.0");
        assertThat(lambda.at(0.5)).isEqualTo("158.0"); // the geometric midpoint, sqrt(5 x 5000) = 158.1
        int below = 0;
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 10_000; i++) {
            double value = Double.parseDouble(lambda.at(random.nextDouble()));
            assertThat(value).isBetween(5.0, 5000.0);
            below += value < 158.1 ? 1 : 0;
        }
        assertThat(below / 10_000.0).isCloseTo(0.5, within(0.02));
        assertThat(lambda.position("158")).isCloseTo(0.5, within(0.001));
        assertThat(lambda.position("1e9")).isLessThan(1.0); // clamped
        assertThat(SearchRange.continuous("w", 0, 1, false).at(0.25)).isEqualTo("0.25");
    }

    @Test
    void wholeNumbersAndListsAreDrawnEvenly() {
        SearchRange iterations = SearchRange.integer("iterations", 3, 15);
        Map<String, Integer> counts = new HashMap<>();
        SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 13_000; i++) {
            counts.merge(iterations.at(random.nextDouble()), 1, Integer::sum);
        }
        assertThat(counts).hasSize(13).containsKeys("3", "15");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(850, 1150));
        SearchRange factors = SearchRange.categorical("factors", "32", "64", "128", "256");
        assertThat(factors.at(0)).isEqualTo("32");
        assertThat(factors.at(Math.nextDown(1.0))).isEqualTo("256");
        for (String value : new String[] {"32", "64", "128", "256"}) {
            assertThat(factors.at(factors.position(value))).as("back from %s", value).isEqualTo(value);
        }
        assertThat(iterations.at(iterations.position("7"))).isEqualTo("7");
    }

    @Test
    void everyDeclaredSearchSpaceDrawsValuesItsDeclarationsAccept() {
        SplittableRandom random = new SplittableRandom(3);
        for (String algorithm : AlgorithmSchemas.names()) {
            for (SearchRange range : AlgorithmSchemas.byName(algorithm).searchSpace()) {
                for (double u : new double[] {0, Math.nextDown(1.0), random.nextDouble(), random.nextDouble()}) {
                    AlgorithmSchemas.validate(algorithm, Map.of(range.name(), range.at(u))); // throws naming it if refused
                }
            }
        }
        assertThat(AlgorithmSchemas.byName("ials").searchSpace()).extracting(SearchRange::name)
                .containsExactly("factors", "alpha", "unobserved_weight", "regularization", "iterations");
    }
}
