package dev.magpie.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.config.ConfigLoader;
import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.learn.ProgressListener;
import dev.magpie.learn.TrainingOptions;
import dev.magpie.learn.TrainingResult;
import dev.magpie.learn.TrainingRun;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.testing.SharedFiles;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.InferenceSettings;
import dev.magpie.vision.OnnxBackbone;
import dev.magpie.web.PredictLoadRig;
import dev.magpie.web.WebMetrics;
import dev.magpie.web.WebServices;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The predict-under-load bar, in one run: (A) the camera loop alone (a replay camera, one zone, motion gate off):
 * its frame rate; (B) one client predicting back to back: its latency; (C) 8 clients for 60 s while the camera runs:
 * p99 of served predictions, errors, and the camera's frame rate. Served and shed (503 + Retry-After, honoured by the
 * clients) requests are counted apart; any other status or a failed connection is an error.
 *
 * <p>Run: {@code bench/run.sh PredictLoadBench [loadSeconds] [cameraFps]} (output kept in bench/predict-load.txt).
 */
public final class PredictLoadBench {

    public static void main(String[] args) throws Exception {
        int loadSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int cameraFps = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int clients = 8;
        Path dir = Files.createTempDirectory("magpie-predict-load");
        Path data = Files.createDirectories(dir.resolve("data"));
        Path frames = Files.createDirectories(dir.resolve("frames"));
        for (int i = 0; i < 10; i++) {
            Files.write(frames.resolve(String.format(Locale.ROOT, "f%02d.jpg", i)), TestImages.jpeg(640, 480));
        }
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        OnnxBackbone backbone = OnnxBackbone.mobileNetV2(SharedFiles.backbone(), InferenceSettings.DEFAULT);
        DatasetStore store = DatasetStore.open(data, decoder);
        ModelRegistry registry = new ModelRegistry(data, backbone.dimension(), new ObjectMapper());
        for (int i = 0; i < 12; i++) {
            store.addImage(TestImages.generated(i, "jpg"), LabelName.of("red"), "bench");
            store.addImage(TestImages.generated(1000 + i * 7, "png"), LabelName.of("blue"), "bench");
        }
        TrainingOptions options = TrainingOptions.defaults(7).withAugmentedViews(1);
        TrainingResult trained = new TrainingRun(store, decoder, backbone, registry, options, Clock.systemUTC()).run(ProgressListener.NONE);
        if (registry.current().isEmpty()) {
            registry.promote(trained.version());
        }
        String yaml = """
                device:
                  id: bench
                cameras:
                  - name: cam
                    source:
                      replay: %s
                      loop: true
                      fps: %d
                    width: 640
                    height: 480
                    fps: %d
                motion:
                  enabled: false
                zones:
                  - name: shelf
                    camera: cam
                    rect: [100, 80, 320, 240]
                    rules:
                      - label: red
                retraining:
                  enabled: false
                """.formatted(frames, cameraFps, cameraFps);
        Path configFile = dir.resolve("magpie.yaml");
        Files.writeString(configFile, yaml);
        WebMetrics metrics = new WebMetrics();
        Daemon.Core core = new Daemon.Core(data, store, decoder, backbone, registry, options);
        byte[] image = TestImages.read(firstPhoto());
        System.out.printf(Locale.ROOT, "Predict under load, %s, %d cores, Java %s; camera replay %d fps 640x480, one zone,"
                        + " motion gate off; predict image %d bytes; %d clients for %d s%n",
                System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                cameraFps, image.length, clients, loadSeconds);
        try (DaemonRunner runner = DaemonRunner.start(new ConfigLoader().load(configFile), Optional.of(configFile), core,
                Map.of(), Clock.systemUTC(), List.of(metrics), "bench");
             PredictLoadRig rig = new PredictLoadRig(new WebServices(data, store, decoder, backbone, registry,
                     () -> new TrainingRun(store, decoder, backbone, registry, options, Clock.systemUTC()), runner,
                     Optional.of(configFile), Map.of(), Clock.systemUTC(), metrics))) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.port() + "/api/v1/predict?store=false"))
                    .header("Authorization", "Bearer " + rig.token()).header("Content-Type", "image/jpeg")
                    .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(image)).build();
            Thread.sleep(3000); // camera warm-up
            for (int i = 0; i < 20; i++) {
                http.send(request, HttpResponse.BodyHandlers.ofString()); // JIT and ORT warm-up
            }
            Thread.sleep(1000);
            double unloadedFps = cameraRate(runner, 15);
            Load single = load(http, request, 1, 20);
            long classifiedBefore = classified(runner);
            long start = System.nanoTime();
            Load loaded = load(http, request, clients, loadSeconds);
            double loadedFps = (classified(runner) - classifiedBefore) / ((System.nanoTime() - start) / 1e9);

            System.out.printf(Locale.ROOT, "A camera alone:        %.2f classified frames/s%n", unloadedFps);
            System.out.printf(Locale.ROOT, "B 1 client:            %s%n", single);
            System.out.printf(Locale.ROOT, "C %d clients:           %s; camera %.2f frames/s%n", clients, loaded, loadedFps);
            double p99Ratio = loaded.p99() / single.p99();
            double fpsRatio = loadedFps / unloadedFps;
            System.out.printf(Locale.ROOT, "p99 loaded / p99 single = %.2f (bar <= 1.50): %s%n", p99Ratio, p99Ratio <= 1.5 ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "errors = %d (bar 0): %s%n", loaded.errors, loaded.errors == 0 ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "camera loaded / unloaded = %.2f (bar >= 0.80): %s%n", fpsRatio, fpsRatio >= 0.8 ? "PASS" : "FAIL");
            System.out.printf(Locale.ROOT, "shed with 503 + Retry-After: %d of %d requests (%.1f%%); served throughput %.2f/s"
                            + " vs %.2f/s single%n", loaded.shed, loaded.served() + loaded.shed,
                    100.0 * loaded.shed / Math.max(1, loaded.served() + loaded.shed), loaded.served() / (double) loadSeconds,
                    single.served() / 20.0);

            // D: uploads and predictions together (issue 6's load scenario): every upload that was answered 201 is in
            // the store afterwards, nothing else is, and the camera keeps its rate.
            int before = store.images().size();
            AtomicInteger seeds = new AtomicInteger(50_000);
            Set<String> uploaded = ConcurrentHashMap.newKeySet();
            HttpRequest.Builder upload = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + rig.port() + "/api/v1/images?label=blue"))
                    .header("Authorization", "Bearer " + rig.token()).header("Content-Type", "image/png").timeout(Duration.ofSeconds(30));
            long mixedStart = System.nanoTime();
            long classifiedMixed = classified(runner);
            int mixedSeconds = Math.max(10, loadSeconds / 2);
            Thread uploaders = new Thread(() -> {
                try {
                    uploads(http, upload, seeds, uploaded, clients / 2, mixedSeconds);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            uploaders.start();
            Load mixed = load(http, request, clients / 2, mixedSeconds);
            uploaders.join();
            double mixedFps = (classified(runner) - classifiedMixed) / ((System.nanoTime() - mixedStart) / 1e9);
            int stored = store.images().size() - before;
            long missing = uploaded.stream().filter(sha -> store.find(sha).isEmpty()).count();
            System.out.printf(Locale.ROOT, "D %d uploaders + %d predictors for %d s: %d uploads answered 201 (%d upload errors),"
                            + " %d new images in the store, %d answered but missing; predictions %s; camera %.2f frames/s%n",
                    clients / 2, clients / 2, mixedSeconds, uploaded.size(), uploadErrors.get(), stored, missing, mixed, mixedFps);
            boolean uploadsOk = uploadErrors.get() == 0 && missing == 0 && stored == uploaded.size();
            System.out.printf(Locale.ROOT, "uploads under load: every 201 stored, nothing else stored, 0 errors: %s;"
                    + " camera mixed / unloaded = %.2f (bar >= 0.80): %s%n", uploadsOk ? "PASS" : "FAIL",
                    mixedFps / unloadedFps, mixedFps / unloadedFps >= 0.8 ? "PASS" : "FAIL");
        } finally {
            store.close();
            backbone.close();
        }
    }

    private static Path firstPhoto() {
        try {
            return TestImages.realImages("birds", "magpie", 1).get(0);
        } catch (RuntimeException e) {
            try {
                Path file = Files.createTempFile("predict", ".jpg");
                Files.write(file, TestImages.jpeg(640, 480));
                return file;
            } catch (java.io.IOException io) {
                throw new java.io.UncheckedIOException(io);
            }
        }
    }

    private static long classified(DaemonRunner runner) {
        long total = 0;
        for (CameraPipeline pipeline : runner.daemon().pipelines()) {
            total += pipeline.stats().classified();
        }
        return total;
    }

    private static double cameraRate(DaemonRunner runner, int seconds) throws InterruptedException {
        long before = classified(runner);
        long start = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        return (classified(runner) - before) / ((System.nanoTime() - start) / 1e9);
    }

    record Load(List<Double> latenciesMs, long shed, long errors) {
        int served() {
            return latenciesMs.size();
        }

        double p99() {
            return percentile(0.99);
        }

        double percentile(double q) {
            List<Double> sorted = new ArrayList<>(latenciesMs);
            Collections.sort(sorted);
            return sorted.isEmpty() ? Double.NaN : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "served %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, shed %d, errors %d",
                    served(), percentile(0.5), percentile(0.9), p99(), percentile(1.0), shed, errors);
        }
    }

    private static final AtomicLong uploadErrors = new AtomicLong();

    /** Each client uploads new, distinct PNGs back to back; the sha256 of each one answered 201 goes into {@code uploaded}. */
    private static void uploads(HttpClient http, HttpRequest.Builder upload, AtomicInteger seeds, Set<String> uploaded,
                                int clients, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ObjectMapper json = new ObjectMapper();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    byte[] png = TestImages.generated(seeds.getAndIncrement(), "png");
                    try {
                        HttpResponse<String> response = http.send(upload.copy().POST(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                                HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 201) {
                            uploaded.add(json.readTree(response.body()).get("results").get(0).get("id").asText());
                        } else {
                            uploadErrors.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        uploadErrors.incrementAndGet();
                    }
                }
            }, "bench-uploader-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private static Load load(HttpClient http, HttpRequest request, int clients, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong shed = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread thread = new Thread(() -> {
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        double ms = (System.nanoTime() - t0) / 1e6;
                        if (response.statusCode() == 200) {
                            latencies.add(ms);
                        } else if (response.statusCode() == 503 && response.headers().firstValue("Retry-After").isPresent()) {
                            shed.incrementAndGet();
                            Thread.sleep(Long.parseLong(response.headers().firstValue("Retry-After").get()) * 1000L);
                        } else {
                            errors.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                }
            }, "bench-client-" + c);
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return new Load(List.copyOf(latencies), shed.get(), errors.get());
    }
}
