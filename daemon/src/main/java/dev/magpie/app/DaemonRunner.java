package dev.magpie.app;

import dev.magpie.config.ConfigException;
import dev.magpie.config.ConfigLoader;
import dev.magpie.config.MagpieConfig;
import dev.magpie.config.SecretException;
import dev.magpie.pipeline.AlertSink;
import dev.magpie.pipeline.DaemonCommands;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the daemon and reloads it: a reload reads the configuration file again, refuses it whole if it has any
 * problem (the running configuration stays), and otherwise replaces the daemon. The MQTT session survives a reload;
 * its own settings take effect at the next start.
 */
public final class DaemonRunner implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DaemonRunner.class);

    private final Optional<Path> configFile;
    private final Daemon.Core core;
    private final Hardware hardware;
    private final Clock clock;
    private final List<AlertSink> extraSinks;
    private final Optional<MqttChannel> mqtt;
    private volatile Daemon daemon;
    private volatile MagpieConfig config;

    private DaemonRunner(MagpieConfig config, Optional<Path> configFile, Daemon.Core core, Map<String, String> environment,
                         Hardware hardware, Clock clock, List<AlertSink> extraSinks, String version)
            throws IOException, SecretException {
        this.config = config;
        this.configFile = configFile;
        this.core = core;
        this.hardware = hardware;
        this.clock = clock;
        this.extraSinks = new ArrayList<>(extraSinks);
        this.mqtt = config.mqtt().enabled()
                ? Optional.of(MqttChannel.open(config, core.dataDir(), environment, forwardingCommands(), version))
                : Optional.empty();
        mqtt.ifPresent(channel -> this.extraSinks.add(channel.sink()));
        try {
            this.daemon = Daemon.start(config, core, hardware, clock, this::reload, this.extraSinks);
        } catch (IOException | SecretException | RuntimeException e) {
            mqtt.ifPresent(MqttChannel::close);
            throw e;
        }
    }

    public static DaemonRunner start(MagpieConfig config, Optional<Path> configFile, Daemon.Core core,
                                     Map<String, String> environment, Clock clock, List<AlertSink> extraSinks,
                                     String version) throws IOException, SecretException {
        return start(config, configFile, core, environment, Hardware.of(environment), clock, extraSinks, version);
    }

    /** Starts on the given devices: {@code magpie demo}'s simulated shelf, a test's mock GPIO board. */
    public static DaemonRunner start(MagpieConfig config, Optional<Path> configFile, Daemon.Core core,
                                     Map<String, String> environment, Hardware hardware, Clock clock,
                                     List<AlertSink> extraSinks, String version) throws IOException, SecretException {
        return new DaemonRunner(config, configFile, core, environment, hardware, clock, extraSinks, version);
    }

    public Daemon daemon() {
        return daemon;
    }

    /** The configuration the running daemon was started with (the web UI's settings page shows it). */
    public MagpieConfig config() {
        return config;
    }

    /** Whether the MQTT connection is up; empty when MQTT is off. */
    public Optional<Boolean> mqttConnected() {
        return mqtt.map(MqttChannel::isConnected);
    }

    /** The commands of whichever daemon runs now, across reloads (what MQTT and the web API call). */
    public DaemonCommands commands() {
        return forwardingCommands();
    }

    public synchronized DaemonCommands.CommandResult reload() {
        if (configFile.isEmpty()) {
            return DaemonCommands.CommandResult.error("refused", "the daemon runs on built-in defaults; there is no file to reload");
        }
        MagpieConfig fresh;
        try {
            fresh = new ConfigLoader().load(configFile.get());
        } catch (ConfigException e) {
            log.warn("Reload refused; keeping the running configuration. {}", e.getMessage());
            return DaemonCommands.CommandResult.error("invalid_config", e.getMessage());
        }
        Daemon old = daemon;
        old.close();
        try {
            daemon = Daemon.start(fresh, core, hardware, clock, this::reload, extraSinks);
        } catch (IOException | SecretException | RuntimeException e) {
            log.error("The new configuration failed to start ({}); the daemon is stopped until the next reload", e.getMessage());
            return DaemonCommands.CommandResult.error("start_failed", e.getMessage());
        }
        config = fresh;
        mqtt.ifPresent(channel -> channel.announce(fresh));
        log.info("Configuration reloaded from {}", configFile.get());
        return DaemonCommands.CommandResult.ok("configuration reloaded");
    }

    /** Commands reach whichever daemon is running now, across reloads. */
    private DaemonCommands forwardingCommands() {
        return new DaemonCommands() {
            @Override
            public CommandResult capture(String zone, String label) {
                return with(c -> c.capture(zone, label));
            }

            @Override
            public CommandResult labelInboxItem(String sha256, String label) {
                return with(c -> c.labelInboxItem(sha256, label));
            }

            @Override
            public CommandResult retrain() {
                return with(c -> c.retrain());
            }

            @Override
            public CommandResult promote(String version) {
                return with(c -> c.promote(version));
            }

            @Override
            public CommandResult rollback() {
                return with(c -> c.rollback());
            }

            @Override
            public CommandResult setThreshold(String zone, String label, double threshold) {
                return with(c -> c.setThreshold(zone, label, threshold));
            }

            @Override
            public CommandResult reloadConfig() {
                return reload();
            }
        };
    }

    private DaemonCommands.CommandResult with(java.util.function.Function<DaemonCommands, DaemonCommands.CommandResult> command) {
        Daemon running = daemon;
        return running == null ? DaemonCommands.CommandResult.error("busy", "the daemon is still starting; try again")
                : command.apply(running.commands());
    }

    @Override
    public synchronized void close() {
        daemon.close();
        mqtt.ifPresent(MqttChannel::close);
    }
}
