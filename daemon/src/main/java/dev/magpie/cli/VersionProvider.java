package dev.magpie.cli;

import picocli.CommandLine.IVersionProvider;

final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = MagpieCommand.class.getPackage().getImplementationVersion();
        return new String[] {"magpie " + (version == null ? "development build" : version),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
