package dev.magpie.vision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtProvider;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProviderPlanTest {

    @Test
    void cpuOnlyBuildFallsBackFromCudaWithAReason() {
        ProviderPlan plan = ProviderPlan.choose(List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU),
                EnumSet.of(OrtProvider.CPU));

        assertThat(plan.usable()).containsExactly(ExecutionProvider.CPU);
        assertThat(plan.fellBack()).isTrue();
        assertThat(plan.missing()).hasSize(2);
        assertThat(plan.missing().get(1)).contains("cuda was requested").contains("onnxruntime.native.path");
    }

    @Test
    void gpuBuildKeepsTheRequestedOrderAndCpuLast() {
        ProviderPlan plan = ProviderPlan.choose(List.of(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA),
                EnumSet.of(OrtProvider.CPU, OrtProvider.CUDA, OrtProvider.TENSOR_RT));

        assertThat(plan.usable()).containsExactly(ExecutionProvider.TENSORRT, ExecutionProvider.CUDA, ExecutionProvider.CPU);
        assertThat(plan.fellBack()).isFalse();
    }

    @Test
    void xnnpackIsUsedOnlyWhereTheBuildHasIt() {
        assertThat(ProviderPlan.choose(List.of(ExecutionProvider.XNNPACK), EnumSet.of(OrtProvider.CPU, OrtProvider.XNNPACK)).usable())
                .containsExactly(ExecutionProvider.XNNPACK, ExecutionProvider.CPU);
        assertThat(ProviderPlan.choose(List.of(ExecutionProvider.XNNPACK), EnumSet.of(OrtProvider.CPU)).usable())
                .containsExactly(ExecutionProvider.CPU);
    }

    @Test
    void unknownProviderNameSaysWhichAreKnown() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ExecutionProvider.parse("npu"))
                .hasMessageContaining("tensorrt, cuda, xnnpack, cpu");
    }
}
