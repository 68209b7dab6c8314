package dev.magpie.devices.camera;

/**
 * Told when a capture loop changes state (not on every frame or every retry). Called on the capture thread: return
 * quickly, do not block and do not call back into the loop's {@code close()}. An exception is logged and ignored.
 */
@FunctionalInterface
public interface HealthListener {

    void stateChanged(SourceHealth health);

    HealthListener NONE = health -> { };
}
