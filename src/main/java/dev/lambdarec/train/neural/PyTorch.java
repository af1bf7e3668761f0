package dev.lambdarec.train.neural;

import ai.djl.engine.Engine;

/**
 * DJL's PyTorch engine, offline: the natives come from the class path (pytorch-native-cpu, or the image's GPU
 * build) and are never downloaded, and loading the engine makes no usage-tracking call (otherwise DJL asks EC2's
 * metadata service and its home from the training job, and the JDK's HTTP client logging that first call printed
 * an ERROR line about the log manager in every EASE job's log).
 */
final class PyTorch {
    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private PyTorch() {
    }

    static Engine engine() {
        return Engine.getEngine("PyTorch");
    }
}
