package dev.magpie.learn;

import java.nio.file.Path;
import java.util.List;

/** A model version was named that the registry does not hold. Maps to 404 in the REST API. */
public final class UnknownModelVersionException extends RuntimeException {

    private final String version;

    public UnknownModelVersionException(String version, Path modelsDir, List<String> available) {
        super("no model version '" + version + "' in " + modelsDir + "; "
                + (available.isEmpty() ? "no models have been trained yet (run: magpie train)" : "available: " + String.join(", ", available)));
        this.version = version;
    }

    public String version() {
        return version;
    }
}
