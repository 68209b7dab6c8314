package dev.magpie.config;

import java.util.List;

/**
 * The web UI and REST API served by {@code magpie run}.
 *
 * @param enabled serve the UI and API. Default true
 * @param bind the address to listen on. Default {@code 0.0.0.0} (every interface: the UI is meant for phones and
 *             laptops on the LAN); {@code 127.0.0.1} keeps it on the board (use a reverse proxy or SSH tunnel)
 * @param port TCP port, 1-65535. Default 8080
 * @param tls serve HTTPS from a keystore instead of HTTP
 * @param maxBodyMegabytes the largest request body accepted (uploads, zips), 1-1024 MB. Default 30
 * @param adminPassword the UI's admin password as a secret reference; null: the first visit to the UI sets one, stored
 *                      hashed (PBKDF2) in {@code <data dir>/web/admin-password}
 * @param sessionMinutes how long a UI login lasts without use, 5-10080. Default 720
 * @param loginAttemptsPerMinute failed logins allowed per client address per minute, 1-100. Default 5
 * @param metricsAllow client addresses that may read {@code /metrics} without a token (a Prometheus server). Default none
 */
public record WebConfig(Boolean enabled, String bind, Integer port, WebTlsConfig tls, Integer maxBodyMegabytes,
                        SecretRef adminPassword, Integer sessionMinutes, Integer loginAttemptsPerMinute,
                        List<String> metricsAllow) {

    public WebConfig {
        enabled = enabled == null || enabled;
        bind = bind == null ? "0.0.0.0" : bind;
        port = port == null ? 8080 : port;
        tls = tls == null ? WebTlsConfig.defaults() : tls;
        maxBodyMegabytes = maxBodyMegabytes == null ? 30 : maxBodyMegabytes;
        sessionMinutes = sessionMinutes == null ? 720 : sessionMinutes;
        loginAttemptsPerMinute = loginAttemptsPerMinute == null ? 5 : loginAttemptsPerMinute;
        metricsAllow = metricsAllow == null ? List.of() : List.copyOf(metricsAllow);
        if (bind.isBlank() || bind.contains("/") || bind.contains(" ")) {
            throw new InvalidValueException("bind", bind, "give an address such as 0.0.0.0 (every interface) or 127.0.0.1");
        }
        Names.checkRange("port", port, 0, 65_535);
        Names.checkRange("max_body_megabytes", maxBodyMegabytes, 1, 1024);
        Names.checkRange("session_minutes", sessionMinutes, 5, 10_080);
        Names.checkRange("login_attempts_per_minute", loginAttemptsPerMinute, 1, 100);
    }

    public static WebConfig defaults() {
        return new WebConfig(null, null, null, null, null, null, null, null, null);
    }

    /** This config listening on another port (0: any free port; tests). */
    public WebConfig withPort(int newPort) {
        return new WebConfig(enabled, bind, newPort, tls, maxBodyMegabytes, adminPassword, sessionMinutes,
                loginAttemptsPerMinute, metricsAllow);
    }

    public WebConfig withBind(String newBind) {
        return new WebConfig(enabled, newBind, port, tls, maxBodyMegabytes, adminPassword, sessionMinutes,
                loginAttemptsPerMinute, metricsAllow);
    }

    public WebConfig withMaxBodyMegabytes(int megabytes) {
        return new WebConfig(enabled, bind, port, tls, megabytes, adminPassword, sessionMinutes,
                loginAttemptsPerMinute, metricsAllow);
    }

    public WebConfig withMetricsAllow(List<String> addresses) {
        return new WebConfig(enabled, bind, port, tls, maxBodyMegabytes, adminPassword, sessionMinutes,
                loginAttemptsPerMinute, addresses);
    }

    public long maxBodyBytes() {
        return maxBodyMegabytes * 1024L * 1024L;
    }
}
