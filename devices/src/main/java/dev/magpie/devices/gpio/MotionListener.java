package dev.magpie.devices.gpio;

/**
 * Hears a {@link PirSensor}. Called on the GPIO timer thread once the pin has settled; an implementation must return
 * quickly and must not throw (hand work to another thread). Starts and stops alternate, beginning with a start.
 */
public interface MotionListener {

    void motionStarted();

    void motionStopped();
}
