package dev.lambdarec.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A job's container on this machine: a child JVM on this JVM's class path, its output in a log file. */
final class ChildJvm {
    private ChildJvm() {
    }

    /** Runs {@code mainClass} with {@code args} to its end; returns its exit status. */
    static int run(String mainClass, List<String> args, Path log) throws Exception {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start().waitFor();
    }
}
