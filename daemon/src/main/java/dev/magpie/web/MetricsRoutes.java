package dev.magpie.web;

import dev.magpie.app.Daemon;
import dev.magpie.pipeline.CameraPipeline;
import dev.magpie.pipeline.PipelineStats;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code GET /metrics} in Prometheus text format 0.0.4. Needs a token or a session like the API, or a client address
 * listed in {@code web.metrics_allow} (for a Prometheus server that cannot send headers).
 */
final class MetricsRoutes implements RouteGroup {

    private final WebServices services;
    private final Background background;
    private final WebMetrics metrics;

    MetricsRoutes(WebServices services, Background background, WebMetrics metrics) {
        this.services = services;
        this.background = background;
        this.metrics = metrics;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.get("/metrics", this::metrics, Access.METRICS);
    }

    private void metrics(Context ctx) {
        StringBuilder out = new StringBuilder();
        Daemon daemon = services.daemon();
        header(out, "magpie_frames_total", "counter", "Frames taken from each camera.");
        for (CameraPipeline pipeline : daemon.pipelines()) {
            out.append("magpie_frames_total{camera=\"").append(escape(pipeline.camera())).append("\"} ")
                    .append(pipeline.stats().frames()).append('\n');
        }
        header(out, "magpie_fps", "gauge", "Frames per second over the last two seconds.");
        for (CameraPipeline pipeline : daemon.pipelines()) {
            out.append("magpie_fps{camera=\"").append(escape(pipeline.camera())).append("\"} ")
                    .append(format(background.fps(pipeline.camera()))).append('\n');
        }
        header(out, "magpie_classified_total", "counter", "Zone crops classified.");
        header(out, "magpie_inference_last_ms", "gauge", "Embedding + head time of the last crop of each camera.");
        for (CameraPipeline pipeline : daemon.pipelines()) {
            PipelineStats stats = pipeline.stats();
            out.append("magpie_classified_total{camera=\"").append(escape(stats.camera())).append("\"} ")
                    .append(stats.classified()).append('\n');
            out.append("magpie_inference_last_ms{camera=\"").append(escape(stats.camera())).append("\"} ")
                    .append(format(stats.lastInferenceMillis())).append('\n');
        }
        header(out, "magpie_predict_latency_ms", "histogram", "Latency of API predictions (decode + embed + head).");
        long cumulative = 0;
        for (int i = 0; i < WebMetrics.BUCKETS_MS.length; i++) {
            cumulative += metrics.bucket(i);
            out.append("magpie_predict_latency_ms_bucket{le=\"").append(format(WebMetrics.BUCKETS_MS[i])).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append("magpie_predict_latency_ms_bucket{le=\"+Inf\"} ").append(metrics.count()).append('\n');
        out.append("magpie_predict_latency_ms_sum ").append(format(metrics.sumMs())).append('\n');
        out.append("magpie_predict_latency_ms_count ").append(metrics.count()).append('\n');
        header(out, "magpie_alerts_total", "counter", "Alerts (zone event starts) by zone and label.");
        for (Map.Entry<String, LongAdder> alert : metrics.alerts().entrySet()) {
            String[] key = alert.getKey().split("\u0000", 2);
            out.append("magpie_alerts_total{zone=\"").append(escape(key[0])).append("\",label=\"").append(escape(key[1]))
                    .append("\"} ").append(alert.getValue().sum()).append('\n');
        }
        header(out, "magpie_inbox_size", "gauge", "Images waiting in the inbox.");
        out.append("magpie_inbox_size ").append(services.store().inbox().size()).append('\n');
        header(out, "magpie_model_info", "gauge", "The current model version (value 1).");
        daemon.models().currentVersion().ifPresent(v ->
                out.append("magpie_model_info{version=\"").append(escape(v)).append("\"} 1\n"));
        header(out, "magpie_mqtt_connected", "gauge", "1 when connected to the broker, 0 when not; absent when MQTT is off.");
        services.runner().mqttConnected().ifPresent(up -> out.append("magpie_mqtt_connected ").append(up ? 1 : 0).append('\n'));
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
        ctx.result(out.toString());
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
