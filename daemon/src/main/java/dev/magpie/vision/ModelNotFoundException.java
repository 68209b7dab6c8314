package dev.magpie.vision;

/** No usable copy of a model file was found locally and it could not be downloaded. The message lists what to do. */
public final class ModelNotFoundException extends Exception {
    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
