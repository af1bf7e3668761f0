package dev.lambdarec.register;

import java.util.List;
import java.util.Set;

/**
 * What a retraining's registrations add up to, as its state machine decides it (infra/retrain.asl.json, state
 * "Outcome") and run-local --retrain decides it with this class: a decision that names a broken model or job fails
 * the run; otherwise a promotion starts a batch run for the model now current, and no promotion ends the run with
 * the current model and the current Redis run untouched.
 */
public record RetrainOutcome(boolean promoted, String failure) {
    public static final String PROMOTED = "promoted";
    /** Outcomes that are failures of the run, not verdicts on a model. */
    public static final Set<String> FAILURES = Set.of("rejected-corrupt", "job-failed");

    public static RetrainOutcome of(List<Registrar.Decision> decisions) {
        for (Registrar.Decision decision : decisions) {
            if (FAILURES.contains(decision.outcome())) {
                return new RetrainOutcome(false, decision.job() + ": " + decision.outcome() + ": " + decision.reason());
            }
        }
        return new RetrainOutcome(decisions.stream().anyMatch(d -> d.outcome().equals(PROMOTED)), null);
    }
}
