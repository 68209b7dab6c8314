package dev.magpie.web;

import dev.magpie.app.DaemonRunner;
import dev.magpie.config.WebConfig;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/** Starts the real {@link WebServer} for the load bench (its start with a test hasher is package-private). */
public final class PredictLoadRig implements AutoCloseable {

    private final WebServer server;
    private final String token;

    public PredictLoadRig(WebServices services) throws Exception {
        this.server = WebServer.start(WebConfig.defaults().withPort(0).withBind("127.0.0.1"), services, new PasswordHasher(1_000));
        this.token = new TokenStore(services.dataDir(), Clock.systemUTC()).create("bench");
    }

    public int port() {
        return server.port();
    }

    public String token() {
        return token;
    }

    @Override
    public void close() {
        server.close();
    }
}
