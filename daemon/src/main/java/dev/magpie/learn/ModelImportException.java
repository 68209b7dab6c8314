package dev.magpie.learn;

import java.io.IOException;

/** A model zip was refused; the message names the entry and the rule it broke. The registry is unchanged. */
public final class ModelImportException extends IOException {

    public ModelImportException(String message) {
        super(message);
    }

    public ModelImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
