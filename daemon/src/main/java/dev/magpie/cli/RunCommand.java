package dev.magpie.cli;

import dev.magpie.app.Daemon;
import dev.magpie.app.DaemonRunner;
import dev.magpie.config.MagpieConfig;
import dev.magpie.learn.TrainingRun;
import dev.magpie.web.WebMetrics;
import dev.magpie.web.WebServer;
import dev.magpie.web.WebServices;
import dev.magpie.config.SecretException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Watch the cameras and raise alerts until stopped (Ctrl-C, or systemctl stop magpie).",
            "Frames go through the motion gate, each zone is classified, rules turn answers into MQTT states and events,",
            "unsure crops go to the inbox, and the model retrains on schedule. See docs/mqtt.md for the topics."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    MagpieCommand magpie;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Configuration file (also accepted before the command); default DIR/magpie.yaml, else built-in defaults.")
    Path configFile;

    @Override
    public Integer call() throws IOException, SecretException, InterruptedException {
        Path file = configFile != null ? configFile : magpie.configFile;
        Workspace workspace = new Workspace(magpie.dataDir, file, magpie.offline);
        MagpieConfig config = workspace.config();
        if (config.cameras().isEmpty()) {
            workspace.close();
            throw new UserError(ExitCodes.CONFIG, "the configuration has no cameras; add one under 'cameras:' (see"
                    + " config/examples/) or try 'magpie demo' for a simulated one");
        }
        Daemon.Core core = new Daemon.Core(workspace.dataDir(), workspace.dataset(), workspace.decoder(), workspace.backbone(),
                workspace.models(), workspace.trainingOptions());
        Optional<Path> reloadFrom = Optional.ofNullable(workspace.configFile());
        WebMetrics webMetrics = new WebMetrics();
        DaemonRunner runner = DaemonRunner.start(config, reloadFrom, core, System.getenv(), Clock.systemDefaultZone(),
                config.web().enabled() ? List.of(webMetrics) : List.of(), new VersionProvider().getVersion()[0]);
        WebServer web = null;
        if (config.web().enabled()) {
            try {
                web = WebServer.start(config.web(), new WebServices(workspace.dataDir(), workspace.dataset(), workspace.decoder(),
                        workspace.backbone(), workspace.models(), () -> new TrainingRun(workspace.dataset(), workspace.decoder(),
                        workspace.backbone(), workspace.models(), workspace.trainingOptions(), Clock.systemDefaultZone()),
                        runner, reloadFrom, System.getenv(), Clock.systemDefaultZone(), webMetrics));
            } catch (WebServer.WebStartException e) {
                runner.close();
                workspace.close();
                throw new UserError(ExitCodes.CONFIG, e.getMessage());
            }
        }
        WebServer webServer = web;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.err.println("magpie: stopping");
            if (webServer != null) {
                webServer.close();
            }
            runner.close();
            workspace.close();
            stopped.countDown();
        }, "magpie-shutdown"));
        System.out.printf("Magpie %s is watching %d camera(s) with %d zone(s)%s%s; data in %s. Stop with Ctrl-C.%n",
                config.device().id(), config.cameras().size(), config.zones().size(),
                config.mqtt().enabled() ? ", alerts on " + config.mqtt().broker() + " under " + config.mqtt().topicPrefix()
                        + "/" + config.device().id() + "/" : ", MQTT off",
                web == null ? ", web UI off" : ", web UI on port " + web.port(), workspace.dataDir());
        stopped.await();
        return ExitCodes.OK;
    }
}
