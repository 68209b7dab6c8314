package dev.magpie.bench;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.magpie.app.DaemonRunner;
import dev.magpie.pipeline.PipelineStats;
import dev.magpie.testing.SharedFiles;
import dev.magpie.vision.EmbeddingOutputPatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The loop-throughput bar: the whole daemon loop (replay source → capture thread → latest-frame slot → pipeline:
 * one zone covering the frame, motion gate off, embedding + head + rules) against the same frames through bare
 * {@code imread} + resize/crop/normalise + ORT {@code session.run} on one thread; loop ≥ 0.9 × bare, frames per second.
 * Rounds alternate the two sides; the bar is on the median of the per-round ratios.
 *
 * <p>The replay is set to its maximum (240 fps, the configuration's cap); frames the pipeline had no time for are
 * dropped by the slot and not counted. Camera-sized photos (trashnet, 384×512) are used, so the source is not the
 * limit. CPU time per counted frame (bare thread; inference and capture threads of the loop) and the share of a core
 * each got are printed, to tell a slower pipeline from one that got less CPU. Run: {@code bench/run.sh LoopThroughputBench [rounds] [seconds]} (last output in bench/loop-throughput.txt).
 */
public final class LoopThroughputBench {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 6;
        BenchRig.header("Loop throughput (daemon loop vs bare decode + preprocess + session.run)");
        try (BenchRig rig = BenchRig.create("throughput")) {
            List<Path> photos = new ArrayList<>();
            try (Stream<Path> walk = Files.walk(SharedFiles.datasets().resolve("trashnet-subset"))) {
                for (Path p : walk.filter(f -> f.toString().endsWith(".jpg")).sorted().toList()) {
                    Mat m = Imgcodecs.imread(p.toString());
                    if (m.cols() == 384 && m.rows() == 512 && photos.size() < 240) {
                        photos.add(p);
                    }
                    m.release();
                }
            }
            Path frames = rig.frames("frames", photos);
            List<Path> replayed;
            try (Stream<Path> list = Files.list(frames)) {
                replayed = list.sorted().toList();
            }
            byte[] patched = EmbeddingOutputPatch.apply(Files.readAllBytes(SharedFiles.backbone()), "472_quantized",
                    "464_scale", "464_zero_point", 1280);
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            System.out.printf(Locale.ROOT, "%d photos 384×512 (trashnet), replay at 240 fps looping; %d rounds of %.0f s a side%n",
                    photos.size(), rounds, seconds);
            System.out.printf(Locale.ROOT, "%5s %10s %10s %8s %10s %11s %11s %11s %16s %8s%n", "round", "bare fps", "loop fps", "ratio",
                    "loop drop", "bare cpu/f", "infer cpu/f", "capt cpu/f", "cpu bare/inf/cap", "load1");
            List<Double> ratios = new ArrayList<>();
            List<Double> bares = new ArrayList<>();
            List<Double> loops = new ArrayList<>();
            try (OrtSession bare = env.createSession(patched, options)) {
                bareFps(env, bare, replayed, 2); // warm-up
                for (int round = 1; round <= rounds; round++) {
                    double b = bareFps(env, bare, replayed, seconds);
                    double[] l = loopFps(rig, frames, seconds);
                    double ratio = l[0] / b;
                    ratios.add(ratio);
                    bares.add(b);
                    loops.add(l[0]);
                    System.out.printf(Locale.ROOT, "%5d %10.1f %10.1f %8.3f %9.0f%% %9.2fms %9.2fms %9.2fms %5.2f/%4.2f/%4.2f %8s%n", round, b, l[0], ratio,
                            100 * l[1], lastBareCpuMsPerFrame, l[2], l[3], lastBareCpuShare, l[4], l[5], BenchRig.load().split(" ")[0]);
                }
            }
            double median = BenchRig.median(ratios);
            System.out.printf(Locale.ROOT, "median: bare %.1f fps, loop %.1f fps; loop/bare ratio median %.3f (min %.3f, max %.3f);"
                            + " bar ≥ 0.90: %s%n", BenchRig.median(bares), BenchRig.median(loops), median,
                    ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0), median >= 0.90 ? "PASS" : "FAIL");
        }
        System.exit(0);
    }

    /** Bare: imread + preprocess + session.run, one thread, for about {@code seconds}; frames per second. */
    private static double bareFps(OrtEnvironment env, OrtSession session, List<Path> files, double seconds) throws Exception {
        long start = System.nanoTime();
        long cpu = ownCpu();
        long deadline = start + (long) (seconds * 1e9);
        int n = 0;
        while (System.nanoTime() < deadline) {
            Mat bgr = Imgcodecs.imread(files.get(n % files.size()).toString(), Imgcodecs.IMREAD_COLOR);
            GlueOverheadBench.bareEmbedding(env, session, bgr);
            bgr.release();
            n++;
        }
        lastBareCpuMsPerFrame = (ownCpu() - cpu) / 1e6 / n;
        lastBareCpuShare = (ownCpu() - cpu) / 1e9 / ((System.nanoTime() - start) / 1e9);
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double lastBareCpuMsPerFrame;
    private static double lastBareCpuShare;

    /** The daemon loop: frames classified per second over a window after a warm-up; and the share of frames dropped. */
    private static double[] loopFps(BenchRig rig, Path frames, double seconds) throws Exception {
        try (DaemonRunner daemon = rig.start(rig.config(frames, 240, true, null, 384, 512), List.of())) {
            var pipeline = daemon.daemon().pipelines().get(0);
            while (pipeline.stats().classified() < 20) {
                Thread.sleep(10);
            }
            long[] cpu0 = cpuNanos();
            PipelineStats first = pipeline.stats();
            long captured0 = daemon.daemon().cameraHealth().get(0).frames();
            long t0 = System.nanoTime();
            Thread.sleep((long) (seconds * 1000));
            PipelineStats last = pipeline.stats();
            long[] cpu1 = cpuNanos();
            long captured1 = daemon.daemon().cameraHealth().get(0).frames();
            double elapsed = (System.nanoTime() - t0) / 1e9;
            long classified = last.classified() - first.classified();
            long captured = captured1 - captured0;
            return new double[] {classified / elapsed, captured == 0 ? 0 : 1 - (double) (last.frames() - first.frames()) / captured,
                    (cpu1[0] - cpu0[0]) / 1e6 / Math.max(1, classified), (cpu1[1] - cpu0[1]) / 1e6 / Math.max(1, classified),
                    (cpu1[0] - cpu0[0]) / 1e9 / elapsed, (cpu1[1] - cpu0[1]) / 1e9 / elapsed};
        }
    }

    /** CPU time of the inference and the capture threads. */
    private static long[] cpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        long[] out = new long[2];
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            int slot = info.getThreadName().startsWith("magpie-infer-") ? 0 : info.getThreadName().startsWith("magpie-capture-") ? 1 : -1;
            if (slot >= 0) {
                out[slot] += mx.getThreadCpuTime(info.getThreadId());
            }
        }
        return out;
    }

    /** CPU time of the calling thread. */
    private static long ownCpu() {
        return java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private LoopThroughputBench() {
    }
}
