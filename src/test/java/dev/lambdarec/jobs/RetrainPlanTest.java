package dev.lambdarec.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lambdarec.common.BadRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retrain plan: one job per algorithm, each with the champion and the run; nothing when the data is the champion's. */
class RetrainPlanTest {

    @Test
    void everyAlgorithmMeasuresTheChampionAndCarriesTheRun() {
        RetrainPlan plan = RetrainPlan.of("d-2", RetrainPlan.algorithms("ials, two-stage,ials"), Map.of("ials", Map.of("factors", "32")),
                "weekly-7", "ease-1", "d-1");
        assertThat(plan.unchanged()).isFalse();
        assertThat(plan.jobs()).extracting(TrainingJobSpec::algorithm).containsExactly("ials", "two-stage");
        assertThat(plan.jobs()).allSatisfy(job -> {
            assertThat(job.champion()).isEqualTo("ease-1");
            assertThat(job.run()).isEqualTo("weekly-7");
            assertThat(job.jobName()).startsWith(TrainingJobSpec.RETRAIN_PREFIX);
        });
        assertThat(plan.jobs().get(0).hyperparameters()).containsEntry("factors", "32");
        // another run names other jobs (SageMaker never reuses a name), the same run the same ones
        assertThat(RetrainPlan.of("d-2", List.of("ials"), Map.of(), "weekly-8", "ease-1", "d-1").jobs().get(0).jobName())
                .isNotEqualTo(RetrainPlan.of("d-2", List.of("ials"), Map.of(), "weekly-7", "ease-1", "d-1").jobs().get(0).jobName());
    }

    @Test
    void theChampionsOwnDatasetTrainsNothingButABadPlanIsRefusedAnyway() {
        assertThat(RetrainPlan.of("d-1", List.of("ials"), Map.of(), "r", "ease-1", "d-1").unchanged()).isTrue();
        assertThat(RetrainPlan.of("d-1", List.of("ials"), Map.of(), "r", "ease-1", "d-1").jobs()).isEmpty();
        assertThatThrownBy(() -> RetrainPlan.of("d-1", List.of("gpt"), Map.of(), "r", "ease-1", "d-1"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("'gpt' is not one of");
        assertThatThrownBy(() -> RetrainPlan.of("d-1", List.of("ials"), Map.of("ials", Map.of("factors", "0")), "r", "ease-1", "d-1"))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("hyperparameters.ials");
        assertThatThrownBy(() -> RetrainPlan.of("d-2", List.of("ials"), Map.of("ease", Map.of()), "r", null, null))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("not among the algorithms");
    }
}
