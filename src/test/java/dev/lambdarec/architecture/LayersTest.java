package dev.lambdarec.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of DESIGN.md, checked on the compiled classes: the plain-Java core imports no framework, cloud SDK or
 * local server; the trainer may use DJL and Tribuo but nothing of the Lambda runtime; nothing the Lambdas run
 * reaches the trainer.
 */
class LayersTest {
    private static final String[] CORE = {"dev.lambdarec.common..", "dev.lambdarec.data..", "dev.lambdarec.prepare..",
            "dev.lambdarec.io..", "dev.lambdarec.synth..", "dev.lambdarec.eval..", "dev.lambdarec.model..",
            "dev.lambdarec.serve..", "dev.lambdarec.register..", "dev.lambdarec.batch", "dev.lambdarec.jobs",
            "dev.lambdarec.store", "dev.lambdarec.recommend.."};
    private static final String[] OUTSIDE_WORLD = {"io.quarkus..", "software.amazon..", "io.vertx..", "org.gaul..",
            "jakarta.inject..", "jakarta.enterprise..", "org.eclipse.microprofile..", "io.smallrye.."};
    private static final String[] TRAINING_LIBRARIES = {"ai.djl..", "org.tribuo.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.lambdarec");
    }

    @Test
    void theCoreImportsNoFrameworkCloudSdkOrTrainingLibrary() {
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(OUTSIDE_WORLD)
                .because("the core is plain Java; adapters and functions bring the world in").check(classes);
        noClasses().that().resideInAnyPackage(CORE).should().dependOnClassesThat().resideInAnyPackage(TRAINING_LIBRARIES)
                .because("DJL and Tribuo live in the trainer, never in function.zip").check(classes);
    }

    @Test
    void theTrainerUsesNothingOfTheLambdaRuntime() {
        noClasses().that().resideInAPackage("dev.lambdarec.train..").should().dependOnClassesThat().resideInAnyPackage(OUTSIDE_WORLD)
                .check(classes);
    }

    @Test
    void nothingTheLambdasRunReachesTheTrainer() {
        noClasses().that().resideInAnyPackage("dev.lambdarec.serve..", "dev.lambdarec.recommend..", "dev.lambdarec.batch..", "dev.lambdarec.register..",
                        "dev.lambdarec.jobs..", "dev.lambdarec.functions..", "dev.lambdarec.model..")
                .should().dependOnClassesThat().resideInAPackage("dev.lambdarec.train..").check(classes);
    }

    /** function.zip leaves out train/ and local/ (the build strips them; FunctionZipIT lists the zip). */
    @Test
    void onlyTheLocalRunnerAndTheTrainerReachWhatFunctionZipLeavesOut() {
        noClasses().that().resideOutsideOfPackages("dev.lambdarec.local..", "dev.lambdarec.train..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lambdarec.local..", "dev.lambdarec.train..")
                .because("the Lambda artifact has neither package").check(classes);
    }
}
