package dev.magpie.config;

/** A secret the configuration refers to could not be read. The message names the key and the variable or file. */
public final class SecretException extends Exception {

    public SecretException(String message) {
        super(message);
    }

    public SecretException(String message, Throwable cause) {
        super(message, cause);
    }
}
