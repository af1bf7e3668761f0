package dev.lambdarec.local;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.lang.module.ModuleFinder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A job's container on this machine: a child JVM on this JVM's class path. Its output goes line by line to a log
 * file and, as it comes, to this runner's console under the job's label, so a long job shows its sweeps, epochs,
 * losses and ETAs where the person running it looks (as CloudWatch shows a SageMaker job's).
 */
final class ChildJvm {
    /** One line per log record, as the runner's own (the JDK's default formatter spends two). */
    private static final String ONE_LINE = "-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$-5s [%3$s] %5$s%6$s%n";
    /** The JDK's vector API, an incubator module in 17 that a JVM resolves only when asked to. */
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    /** A longer line is cut on the console (the log file keeps it whole). */
    private static final int CONSOLE_LINE_CHARS = 400;

    private ChildJvm() {
    }

    /** Runs {@code mainClass} with {@code args} to its end, its output to {@code log} and the console; its exit status. */
    static int run(String mainClass, List<String> args, Path log, String label) throws Exception {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), ONE_LINE));
        if (ModuleFinder.ofSystem().find(VECTOR_MODULE).isPresent()) {
            command.addAll(List.of("--add-modules", VECTOR_MODULE)); // the trainer's SIMD kernels (train.FloatKernels)
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter file = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            for (String line = output.readLine(); line != null; line = output.readLine()) {
                file.write(line);
                file.newLine();
                file.flush(); // the file is as current as the console
                LocalPipeline.say("  %s | %s", label, line.length() > CONSOLE_LINE_CHARS ? line.substring(0, CONSOLE_LINE_CHARS) + " ..." : line);
            }
        }
        return process.waitFor();
    }
}
