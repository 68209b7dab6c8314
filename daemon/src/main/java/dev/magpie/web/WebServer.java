package dev.magpie.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.magpie.config.SecretException;
import dev.magpie.config.WebConfig;
import io.javalin.Javalin;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.ParsedEndpoint;
import java.io.IOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI and REST API: Javalin 7 on Jetty 12, threads named {@code magpie-web-*}. Static files come from the
 * jar's {@code /web/} folder; the API lives under {@code /api/v1/} (see {@code /api/v1/openapi.json}).
 *
 * <p>Request order: {@link #before} adds security headers and refuses oversized bodies by their Content-Length;
 * {@link Guard} (before each matched route) checks the session or token and the CSRF token; the route runs; any
 * exception goes through {@link ErrorMapper}, the one handler that writes {@code {"error", "message"}}.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);

    private final Javalin app;
    private final WebConfig config;
    private final Background background;
    private final AutoCloseable afterStop;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WebServer(Javalin app, WebConfig config, Background background, AutoCloseable afterStop) {
        this.app = app;
        this.config = config;
        this.background = background;
        this.afterStop = afterStop;
    }

    /**
     * Starts the server; it is listening when this returns.
     *
     * @throws WebStartException when the address cannot be bound (the message says which port and what to do)
     */
    public static WebServer start(WebConfig config, WebServices services) throws IOException, SecretException {
        return start(config, services, new PasswordHasher());
    }

    static WebServer start(WebConfig config, WebServices services, PasswordHasher hasher) throws IOException, SecretException {
        ObjectMapper json = Json.mapper();
        AdminPassword password = AdminPassword.open(Optional.ofNullable(config.adminPassword()), services.dataDir(),
                services.environment(), hasher);
        TokenStore tokens = new TokenStore(services.dataDir(), services.clock());
        Sessions sessions = new Sessions(Duration.ofMinutes(config.sessionMinutes()), services.clock());
        Guard guard = new Guard(config, tokens, sessions);
        Background background = new Background(services);
        WebMetrics metrics = services.metrics();
        PredictGate gate = PredictGate.forThisMachine();
        DetectRoutes detect = new DetectRoutes(services, gate, DetectRoutes.DetectorSource.yolox(services));
        TrainRoutes train = new TrainRoutes(services);
        background.closeAlso(train);
        background.every(TrainRoutes.KEEP_ALIVE, train::ping);
        List<RouteGroup> groups = List.of(
                new AuthRoutes(password, sessions, new LoginLimiter(config.loginAttemptsPerMinute(), services.clock()),
                        config.tls().enabled()),
                new StatusRoutes(services, background),
                new LabelRoutes(services),
                new ImageRoutes(services),
                new DetectionPhotoRoutes(services),
                new InboxRoutes(services),
                new CaptureRoutes(services),
                train,
                new ModelRoutes(services),
                new ZoneRoutes(services),
                new SettingsRoutes(services, tokens),
                new MqttTestRoutes(),
                new PredictRoutes(services, metrics, gate),
                detect,
                new MetricsRoutes(services, background, metrics),
                new CustomVisionRoutes(services, CustomVisionRoutes.UrlImages.publicOnly(), detect),
                new LiveRoutes(services),
                new SpeciesRoutes(services),
                new OpenApiRoutes());
        boolean tls = config.tls().enabled();
        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.jsonMapper(new JavalinJackson(json, false));
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.defaultContentType = "application/json";
            // Microsoft's Custom Vision SDKs send /customvision/v3.1/prediction/... where the docs write /Prediction/.
            cfg.router.caseInsensitiveRoutes = true;
            cfg.jetty.host = config.bind();
            cfg.jetty.port = config.port();
            cfg.jetty.threadPool = threadPool();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            cfg.jetty.multipartConfig.maxTotalRequestSize(config.maxBodyBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxFileSize(config.maxBodyBytes(), SizeUnit.BYTES);
            cfg.jetty.multipartConfig.maxInMemoryFileSize(1, SizeUnit.MB);
            if (tls) {
                cfg.jetty.addConnector((server, http) -> Tls.connector(server, http, config, services.environment()));
            }
            cfg.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/web";
                files.location = Location.CLASSPATH;
                files.roles = Set.of(Access.PUBLIC);
                files.headers = java.util.Map.of("Cache-Control", "no-cache");
            });
            cfg.routes.before(ctx -> SecurityHeaders.apply(ctx, config, tls));
            cfg.routes.beforeMatched(guard::check);
            cfg.routes.exception(Exception.class, new ErrorMapper());
            for (RouteGroup group : groups) {
                group.register(cfg.routes);
            }
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            background.close();
            app.stop();
            detect.close();
            throw WebStartException.from(e, config);
        }
        WebServer server = new WebServer(app, config, background, detect);
        log.info("Web UI on {}://{}:{}/ ({})", tls ? "https" : "http", config.bind(), server.port(),
                password.isSet() ? "admin password set" : "first visit sets the admin password");
        return server;
    }

    private static QueuedThreadPool threadPool() {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2, 60_000);
        pool.setName("magpie-web");
        pool.setDaemon(true);
        return pool;
    }

    /** The port listened on (the real one when the config asked for 0). */
    public int port() {
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof ServerConnector server) {
                return server.getLocalPort();
            }
        }
        return app.port();
    }

    /** Every HTTP route registered, as "METHOD path" (for the route tests and the OpenAPI check). */
    List<String> routes() {
        List<String> routes = new ArrayList<>();
        for (ParsedEndpoint endpoint : app.unsafe.internalRouter.allHttpHandlers()) {
            String method = endpoint.endpoint.method.name();
            if (!method.startsWith("BEFORE") && !method.startsWith("AFTER")) {
                routes.add(method + " " + endpoint.endpoint.path);
            }
        }
        return routes;
    }

    Javalin javalin() {
        return app;
    }

    /** Stops accepting requests and waits for those in flight (Jetty's graceful stop); idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // SSE streams first: completing their futures after Jetty stopped would resume handlers on recycled requests.
        background.close();
        app.stop();
        try {
            afterStop.close(); // the detector's native session, once no request can be using it
        } catch (Exception e) {
            log.warn("closing the object detector failed: {}", e.toString());
        }
        log.info("Web UI stopped");
    }

    /** The start failure, said as the fix. */
    public static final class WebStartException extends IOException {
        WebStartException(String message, Throwable cause) {
            super(message, cause);
        }

        static WebStartException from(RuntimeException e, WebConfig config) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof BindException) {
                    String what = t.getMessage() != null && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("assign")
                            ? "Address " + config.bind() + " is not an address of this machine; set web.bind (0.0.0.0 for every interface)"
                            : "Port " + config.port() + " is already in use; stop the other process or set web.port";
                    return new WebStartException(what, e);
                }
            }
            return new WebStartException("the web server did not start: " + e.getMessage(), e);
        }
    }
}
