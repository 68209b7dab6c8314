package dev.magpie.devices.board;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out which board this is from the files Linux exposes, read below a root folder so tests can hand in
 * fixture trees ({@code <root>/proc/cpuinfo}, ...):
 * <ul>
 *   <li>{@code /proc/device-tree/model}: "Raspberry Pi 5 Model B Rev 1.0", "NVIDIA Jetson Orin Nano ..." (ARM only)</li>
 *   <li>{@code /etc/nv_tegra_release}: present on every Jetson L4T image</li>
 *   <li>{@code /proc/cpuinfo}: architecture, feature flags, logical CPU count, CPU model name</li>
 *   <li>{@code /proc/meminfo}: MemTotal</li>
 *   <li>{@code /sys/class/thermal/thermal_zone0/temp}: SoC temperature in millidegrees</li>
 * </ul>
 * A missing or unreadable file never fails detection; the answer just gets less specific ({@link Board.Kind#OTHER},
 * "unknown"). Detection reads a handful of small files and is cheap, but it is not cached: call it once at start.
 */
public final class BoardDetector {
    private static final Logger LOG = LoggerFactory.getLogger(BoardDetector.class);

    private static final Pattern PI_4 = Pattern.compile("^Raspberry Pi (4|400|Compute Module 4)\\b.*");
    private static final Pattern PI_5 = Pattern.compile("^Raspberry Pi (5|500|Compute Module 5)\\b.*");
    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d+)\\s*kB");
    private static final Pattern CPU_ARCHITECTURE = Pattern.compile("^\\s*(\\d+)");

    private final Path root;
    private final String jvmArchitecture;

    /**
     * @param root            where {@code proc/}, {@code sys/} and {@code etc/} are found; "/" on a real machine
     * @param jvmArchitecture the JVM's {@code os.arch}, used only when {@code /proc/cpuinfo} says nothing
     */
    public BoardDetector(Path root, String jvmArchitecture) {
        this.root = root;
        this.jvmArchitecture = normalizeArchitecture(jvmArchitecture);
    }

    /** Reads this machine's own {@code /proc} and {@code /sys}. */
    public static BoardDetector forThisMachine() {
        return new BoardDetector(Path.of("/"), System.getProperty("os.arch", ""));
    }

    public Board detect() {
        Optional<String> deviceTreeModel = read("proc/device-tree/model").map(BoardDetector::trimNuls)
                .filter(s -> !s.isEmpty());
        boolean tegraRelease = Files.isRegularFile(resolve("etc/nv_tegra_release"));
        CpuInfo cpu = CpuInfo.parse(read("proc/cpuinfo").orElse(""));
        String cpuInfoArchitecture = cpu.architecture().orElse(jvmArchitecture);
        // qemu user-mode emulation (CI's arm64 smoke) shows the host's /proc/cpuinfo to the guest:
        // then the JVM knows the architecture, and the host's flags and CPU name describe another machine.
        boolean emulated = !jvmArchitecture.equals("unknown") && !sameFamily(cpuInfoArchitecture, jvmArchitecture);
        if (emulated) {
            LOG.debug("/proc/cpuinfo describes {} but the JVM runs on {}: emulated, ignoring its flags",
                    cpuInfoArchitecture, jvmArchitecture);
        }
        String architecture = emulated ? jvmArchitecture : cpuInfoArchitecture;
        Set<String> features = emulated ? Set.of() : cpu.features();
        Optional<String> cpuModelName = emulated ? Optional.empty() : cpu.modelName();
        int cores = cpu.processors() > 0 ? cpu.processors() : Runtime.getRuntime().availableProcessors();
        String model = deviceTreeModel.or(() -> cpuModelName).orElse("unknown");

        Board.Kind kind;
        if (deviceTreeModel.filter(m -> PI_5.matcher(m).matches()).isPresent()) {
            kind = Board.Kind.PI_5;
        } else if (deviceTreeModel.filter(m -> PI_4.matcher(m).matches()).isPresent()) {
            kind = Board.Kind.PI_4;
        } else if (tegraRelease || model.contains("Jetson")) {
            kind = Board.Kind.JETSON;
        } else if (architecture.equals("aarch64")) {
            kind = Board.Kind.GENERIC_ARM64;
        } else if (architecture.equals("x86_64")) {
            kind = Board.Kind.GENERIC_X86_64;
        } else {
            kind = Board.Kind.OTHER;
        }
        return new Board(kind, model, architecture, features, cores, totalMemoryBytes());
    }

    /** SoC temperature from thermal zone 0 (the CPU on Pi and Jetson); empty where there is none (VMs, CI). */
    public Optional<Double> cpuTemperatureCelsius() {
        return read("sys/class/thermal/thermal_zone0/temp").map(String::trim).flatMap(s -> {
            try {
                return Optional.of(Long.parseLong(s) / 1000.0);
            } catch (NumberFormatException e) {
                LOG.debug("thermal_zone0/temp is not a number: {}", s);
                return Optional.empty();
            }
        });
    }

    private long totalMemoryBytes() {
        return read("proc/meminfo").map(MEM_TOTAL::matcher).filter(Matcher::find)
                .map(m -> Long.parseLong(m.group(1)) * 1024).orElse(0L);
    }

    private Path resolve(String relative) {
        return root.resolve(relative);
    }

    private Optional<String> read(String relative) {
        Path file = resolve(relative);
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.debug("cannot read {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private static String trimNuls(String s) {
        return s.replace('\0', ' ').trim();
    }

    private static boolean sameFamily(String a, String b) {
        return family(a).equals(family(b));
    }

    private static String family(String architecture) {
        if (architecture.equals("aarch64") || architecture.startsWith("arm")) {
            return "arm";
        }
        if (architecture.equals("x86_64") || architecture.equals("x86")) {
            return "x86";
        }
        return architecture;
    }

    static String normalizeArchitecture(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            case "arm", "armv7", "armv7l", "armhf" -> "armv7";
            default -> a.isEmpty() ? "unknown" : a;
        };
    }

    /** What {@code /proc/cpuinfo} says, for x86 ("flags", "model name") and ARM ("Features", "CPU architecture"). */
    private record CpuInfo(
            int processors, Set<String> features, Optional<String> architecture, Optional<String> modelName) {

        static CpuInfo parse(String text) {
            int processors = 0;
            List<Set<String>> perCore = new ArrayList<>();
            boolean x86 = false;
            Integer armArchitecture = null;
            String modelName = null;
            for (String line : text.split("\n")) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                switch (key) {
                    case "processor" -> processors++;
                    case "flags" -> {
                        x86 = true;
                        perCore.add(words(value));
                    }
                    case "Features" -> perCore.add(words(value));
                    case "CPU architecture" -> {
                        Matcher m = CPU_ARCHITECTURE.matcher(value);
                        if (m.find()) {
                            armArchitecture = Integer.parseInt(m.group(1));
                        }
                    }
                    // "Model" is what Raspberry Pi kernels print; "model name" is the x86 CPU or "ARMv8 Processor".
                    case "Model", "model name" -> {
                        if (modelName == null || key.equals("Model")) {
                            modelName = value;
                        }
                    }
                    default -> { }
                }
            }
            Set<String> common = perCore.isEmpty() ? Set.of() : new LinkedHashSet<>(perCore.get(0));
            for (Set<String> core : perCore) {
                common.retainAll(core);
            }
            Optional<String> architecture;
            if (x86) {
                architecture = Optional.of(common.contains("lm") ? "x86_64" : "x86");
            } else if (armArchitecture != null) {
                // A 64-bit kernel lists "asimd"; a 32-bit one "neon" even on an ARMv8 core.
                architecture = Optional.of(armArchitecture >= 8 && common.contains("asimd") ? "aarch64" : "armv7");
            } else {
                architecture = Optional.empty();
            }
            return new CpuInfo(processors, common, architecture,
                    Optional.ofNullable(modelName).filter(s -> !s.isEmpty()));
        }

        private static Set<String> words(String value) {
            Set<String> set = new HashSet<>();
            for (String w : value.split("\\s+")) {
                if (!w.isEmpty()) {
                    set.add(w.toLowerCase(Locale.ROOT));
                }
            }
            return set;
        }
    }
}
