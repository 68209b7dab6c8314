package dev.magpie.cli;

import ai.onnxruntime.OrtEnvironment;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.ProviderPlan;
import java.io.PrintStream;

/** The lines that describe the machine and runtime, shared by {@code doctor} and {@code bench}. */
final class SystemReport {

    private SystemReport() {
    }

    static void print(Workspace workspace, PrintStream out) {
        InferenceSettings settings = workspace.inferenceSettings();
        ProviderPlan plan = ProviderPlan.choose(settings.providers(), OrtEnvironment.getAvailableProviders());
        out.printf("  %-10s %s%n", "java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
                + ", max heap " + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        out.printf("  %-10s %s, available providers %s, using %s, %d thread(s), spinning %s%n", "onnxrt",
                OrtEnvironment.getEnvironment().getVersion(), OrtEnvironment.getAvailableProviders(), plan.usable(),
                settings.intraOpThreads(), settings.spinning() ? "on" : "off");
        for (String missing : plan.missing()) {
            out.printf("  %-10s %s%n", "warning", missing);
        }
    }
}
