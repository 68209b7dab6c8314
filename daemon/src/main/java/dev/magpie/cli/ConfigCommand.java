package dev.magpie.cli;

import dev.magpie.config.ConfigException;
import dev.magpie.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "config", description = "Check configuration files.", subcommands = ConfigCommand.Check.class,
        mixinStandardHelpOptions = true)
final class ConfigCommand {

    @Command(name = "check", description = "Validate a configuration file and list every problem with its line and key.",
            mixinStandardHelpOptions = true)
    static final class Check implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "The YAML file to check, e.g. config/magpie.yaml.")
        Path file;

        @Override
        public Integer call() {
            try {
                new ConfigLoader().load(file);
                System.out.println(file + ": OK");
                return ExitCodes.OK;
            } catch (ConfigException e) {
                System.err.println(e.getMessage());
                return ExitCodes.CONFIG;
            }
        }
    }
}
