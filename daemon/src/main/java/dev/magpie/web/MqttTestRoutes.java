package dev.magpie.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.mqtt.BrokerCheck;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings page's broker check: {@code POST /api/v1/settings/mqtt/test {"broker", "username", "password"}} tries
 * one connection and answers {@code {ok, reason, message, ms}} (200 either way: a refusal is a result, not an API error).
 *
 * <p>The route makes the daemon open a connection where a caller says, so the target is limited: tcp:// or ssl://
 * only, and never a link-local address (169.254.0.0/16, fe80::/10: cloud metadata services live there). The host is
 * resolved once and a tcp:// connection goes to that address, so a second DNS answer cannot move it.
 */
final class MqttTestRoutes implements RouteGroup {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    @Override
    public void register(RoutesConfig routes) {
        routes.post("/api/v1/settings/mqtt/test", this::testMqtt);
    }

    private void testMqtt(Context ctx) {
        ObjectNode body = Json.body(ctx);
        String broker = Json.requiredText(body, "broker").trim();
        String username = Json.optionalText(body, "username").orElse(null);
        char[] password = Json.optionalText(body, "password").map(String::toCharArray).orElse(null);
        if (password != null && username == null) {
            throw WebException.badRequest("invalid_field", "a password needs a username");
        }
        String target = checkedTarget(broker);
        BrokerCheck.Result result = BrokerCheck.check(target, username, password, CONNECT_TIMEOUT);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ok", result.ok());
        out.put("reason", result.reason());
        out.put("message", result.message());
        out.put("ms", result.millis());
        ctx.json(out);
    }

    /** The URI to connect to: the broker with its host resolved (tcp) or as given (ssl, whose certificate names it). */
    static String checkedTarget(String broker) {
        URI uri;
        try {
            uri = new URI(broker);
        } catch (URISyntaxException e) {
            throw invalid("not a URI (" + e.getReason() + ")");
        }
        String scheme = String.valueOf(uri.getScheme()).toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("ssl") || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawPath() != null && !uri.getRawPath().isEmpty() || uri.getRawQuery() != null) {
            throw invalid("use tcp://host:1883 or ssl://host:8883 (user name and password go in their own fields)");
        }
        int port = uri.getPort() > 0 ? uri.getPort() : scheme.equals("ssl") ? 8883 : 1883;
        InetAddress address;
        try {
            address = InetAddress.getByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw WebException.badRequest("unknown_host", "cannot resolve " + uri.getHost());
        }
        if (address.isLinkLocalAddress() || address.isAnyLocalAddress() || address.isMulticastAddress()) {
            throw WebException.badRequest("forbidden_address", uri.getHost() + " is a link-local, wildcard or multicast"
                    + " address (169.254.0.0/16 holds cloud metadata services); give the broker's LAN address or name");
        }
        if (scheme.equals("ssl")) {
            return "ssl://" + uri.getHost() + ":" + port;
        }
        String host = address.getHostAddress();
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static WebException invalid(String message) {
        return WebException.badRequest("invalid_broker", message);
    }
}
