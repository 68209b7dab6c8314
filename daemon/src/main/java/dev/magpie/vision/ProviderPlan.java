package dev.magpie.vision;

import ai.onnxruntime.OrtProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which of the requested execution providers this ONNX Runtime build can actually use, in the order asked, with CPU
 * always last as the fallback. Pure, so the choice is tested on every machine, GPU or not.
 *
 * @param usable providers to register, in priority order (CPU is implicit in ORT and listed for reporting)
 * @param missing requested providers this build lacks, each with the reason to log once
 */
public record ProviderPlan(List<ExecutionProvider> usable, List<String> missing) {

    public static ProviderPlan choose(List<ExecutionProvider> requested, Set<OrtProvider> available) {
        List<ExecutionProvider> usable = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ExecutionProvider provider : requested) {
            if (provider == ExecutionProvider.CPU || usable.contains(provider)) {
                continue;
            }
            if (available.contains(provider.ort())) {
                usable.add(provider);
            } else {
                missing.add(provider.configName() + " was requested but this ONNX Runtime build does not include it "
                        + "(available: " + names(available) + ")" + hint(provider));
            }
        }
        usable.add(ExecutionProvider.CPU);
        return new ProviderPlan(List.copyOf(usable), List.copyOf(missing));
    }

    public boolean fellBack() {
        return !missing.isEmpty();
    }

    private static String hint(ExecutionProvider provider) {
        return switch (provider) {
            case CUDA, TENSORRT -> "; on a Jetson, point -Donnxruntime.native.path at a GPU build of ONNX Runtime";
            case XNNPACK -> "; the CPU provider is used instead";
            case CPU -> "";
        };
    }

    private static String names(Set<OrtProvider> available) {
        List<String> names = new ArrayList<>();
        for (OrtProvider provider : available) {
            names.add(provider.getName());
        }
        names.sort(null);
        return String.join(", ", names);
    }
}
