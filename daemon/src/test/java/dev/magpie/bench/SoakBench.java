package dev.magpie.bench;

import dev.magpie.app.DaemonRunner;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.PipelineStats;
import dev.magpie.testing.MosquittoBroker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The soak: 20,000 frames through the daemon (replay of small 128×128 photos at its 240 fps cap, alternating
 * subject/background so every frame raises an event: snapshots, MQTT to a loopback mosquitto, state machine), sampling
 * RSS (VmRSS), threads (/proc/self/task), open file descriptors (/proc/self/fd) every 1,000 frames. Bar after the
 * warm-up: RSS growth < 5 %, threads and fds flat. No GC is forced: a {@code Mat} never released would only be freed
 * by its finalizer, and native memory it holds shows in RSS (the Java heap committed is printed beside it, so heap
 * sizing is not mistaken for a native leak).
 *
 * <p>Run: {@code bench/run.sh SoakBench [frames] [warm-up frames]} (last output in bench/soak.txt).
 */
public final class SoakBench {

    public static void main(String[] args) throws Exception {
        int total = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 3_000;
        BenchRig.header("Soak (" + total + " frames through the daemon)");
        try (BenchRig rig = BenchRig.create("soak");
             MosquittoBroker broker = MosquittoBroker.builder(rig.dir.resolve("broker")).start()) {
            Path frames = rig.frames("frames", BenchRig.alternating(rig.confident(BenchRig.SUBJECT, 0.8),
                    rig.confident(BenchRig.BACKGROUND, 0.8), 100));
            System.out.printf(Locale.ROOT, "replay 200 photos 128×128 looping at 240 fps, one zone, every frame an event, MQTT on %s%n",
                    broker.uri());
            System.out.printf(Locale.ROOT, "%7s %7s %8s %9s %9s %8s %5s %6s %7s %7s %6s%n", "frames", "secs", "RSS MB",
                    "heap com", "heap use", "threads", "fds", "events", "snaps", "mqttF", "load1");
            List<long[]> samples = new ArrayList<>(); // frames, rss kB, threads, fds
            long start = System.nanoTime();
            try (DaemonRunner daemon = rig.start(rig.config(frames, 240, true, broker.uri()), List.of())) {
                CameraPipeline pipeline = daemon.daemon().pipelines().get(0);
                long next = 1000;
                while (next <= total) {
                    PipelineStats stats = pipeline.stats();
                    if (stats.frames() < next) {
                        Thread.sleep(5);
                        continue;
                    }
                    long rss = BenchRig.rssKb();
                    int threads = BenchRig.osThreads();
                    int fds = BenchRig.fds();
                    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                    samples.add(new long[] {stats.frames(), rss, threads, fds});
                    System.out.printf(Locale.ROOT, "%7d %7.1f %8.1f %9.1f %9.1f %8d %5d %6d %7d %7d %6s%n", stats.frames(),
                            (System.nanoTime() - start) / 1e9, rss / 1024.0, heap.getCommitted() / 1048576.0,
                            heap.getUsed() / 1048576.0, threads, fds, stats.events(), count(rig.dataDir.resolve("snapshots")),
                            count(rig.dataDir.resolve("mqtt")), BenchRig.load().split(" ")[0]);
                    next += 1000;
                }
            }
            List<long[]> after = samples.stream().filter(s -> s[0] >= warmup).toList();
            long[] base = after.get(0);
            long[] last = after.get(after.size() - 1);
            long maxRss = after.stream().mapToLong(s -> s[1]).max().orElse(0);
            double growth = 100.0 * (last[1] - base[1]) / base[1];
            double peakGrowth = 100.0 * (maxRss - base[1]) / base[1];
            long threadSpread = after.stream().mapToLong(s -> s[2]).max().orElse(0) - after.stream().mapToLong(s -> s[2]).min().orElse(0);
            long fdSpread = after.stream().mapToLong(s -> s[3]).max().orElse(0) - after.stream().mapToLong(s -> s[3]).min().orElse(0);
            System.out.printf(Locale.ROOT, "after the %d-frame warm-up: RSS %.1f → %.1f MB (%+.2f %%, peak %+.2f %%), threads %d → %d (spread %d), fds %d → %d (spread %d)%n",
                    warmup, base[1] / 1024.0, last[1] / 1024.0, growth, peakGrowth, base[2], last[2], threadSpread, base[3], last[3], fdSpread);
            System.out.printf(Locale.ROOT, "load average at end: %s%n", BenchRig.load());
            System.out.printf(Locale.ROOT, "bar: RSS growth < 5 %% (%s), threads flat (%s), fds flat (%s)%n",
                    peakGrowth < 5 ? "PASS" : "FAIL", threadSpread <= 1 ? "PASS" : "FAIL", fdSpread <= 2 ? "PASS" : "FAIL");
        }
        System.exit(0);
    }

    private static long count(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).count();
        } catch (Exception e) {
            return -1;
        }
    }

    private SoakBench() {
    }
}
