package dev.magpie.devices.board;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The machine Magpie runs on, as {@link BoardDetector} found it.
 *
 * @param kind              the board family; decides defaults such as thread count and which GPIO plugin to use
 * @param model             what the board calls itself (device-tree model, else the CPU model name), or "unknown"
 * @param cpuArchitecture   {@code aarch64}, {@code x86_64}, {@code armv7} or what the kernel reported
 * @param cpuFeatures       lower-case feature flags every core has ({@code /proc/cpuinfo} "Features" or "flags")
 * @param cores             logical CPUs the kernel lists (not the JVM's possibly cgroup-limited view)
 * @param totalMemoryBytes  {@code MemTotal}, or 0 where it could not be read
 */
public record Board(
        Kind kind, String model, String cpuArchitecture, Set<String> cpuFeatures, int cores, long totalMemoryBytes) {

    /** Board families Magpie tunes for. */
    public enum Kind {
        /** Raspberry Pi 4 / 400 / Compute Module 4: Cortex-A72, ARMv8.0, no int8 dot product. */
        PI_4,
        /** Raspberry Pi 5 / 500 / Compute Module 5: Cortex-A76, ARMv8.2 with int8 dot product. */
        PI_5,
        /** NVIDIA Jetson (any L4T release). */
        JETSON,
        GENERIC_ARM64,
        GENERIC_X86_64,
        OTHER
    }

    public Board {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(cpuArchitecture, "cpuArchitecture");
        cpuFeatures = Set.copyOf(Objects.requireNonNull(cpuFeatures, "cpuFeatures"));
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be at least 1, was " + cores);
        }
        if (totalMemoryBytes < 0) {
            throw new IllegalArgumentException("totalMemoryBytes cannot be negative, was " + totalMemoryBytes);
        }
    }

    public boolean hasCpuFeature(String flag) {
        return cpuFeatures.contains(flag);
    }

    /**
     * Whether int8 matrix products run on dot-product instructions: ARM {@code asimddp} (Pi 5, Jetson Orin)
     * or x86 VNNI. Without them (Pi 4) an int8 model still runs, just with fewer ops per cycle.
     */
    public boolean hasInt8DotProduct() {
        return hasCpuFeature("asimddp") || hasCpuFeature("avx512_vnni") || hasCpuFeature("avx_vnni");
    }

    /** One line for logs and {@code magpie doctor}, e.g. "Raspberry Pi 5 Model B Rev 1.0 (PI_5, aarch64, ...)". */
    public String summary() {
        StringBuilder s = new StringBuilder(model).append(" (").append(kind).append(", ").append(cpuArchitecture)
                .append(", ").append(cores).append(cores == 1 ? " core" : " cores");
        if (totalMemoryBytes > 0) {
            s.append(String.format(java.util.Locale.ROOT, ", %.1f GiB", totalMemoryBytes / (1024.0 * 1024 * 1024)));
        }
        s.append(hasInt8DotProduct() ? ", int8 dot product" : ", no int8 dot product");
        return s.append(')').toString();
    }

    @Override
    public String toString() {
        return "Board[kind=" + kind + ", model=" + model + ", cpuArchitecture=" + cpuArchitecture
                + ", cpuFeatures=" + new TreeSet<>(cpuFeatures) + ", cores=" + cores
                + ", totalMemoryBytes=" + totalMemoryBytes + "]";
    }
}
