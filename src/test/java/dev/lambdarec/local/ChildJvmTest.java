package dev.lambdarec.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {
    /** A job's main: says whether the vector module is resolved in its JVM, and exits with the status asked for. */
    public static final class SayModules {
        public static void main(String[] args) {
            System.out.println("vector module: " + ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
            System.exit(Integer.parseInt(args[0]));
        }
    }

    @Test
    void aJobJvmHasTheVectorModuleItsLogAndItsExitStatus(@TempDir Path dir) throws Exception {
        // the training job's iALS kernels run on the vector API only when the child JVM resolves the module
        Path log = dir.resolve("job/output/trainer.log");
        assertThat(ChildJvm.run(SayModules.class.getName(), List.of("3"), log, "job")).isEqualTo(3);
        assertThat(log).content().contains("vector module: true");
    }
}
