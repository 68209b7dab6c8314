package dev.magpie.devices.camera;

import java.util.List;

/** The capture threads alive in this JVM, by name. */
final class CaptureThreads {

    private CaptureThreads() {
    }

    static List<String> alive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith("magpie-capture-"))
                .toList();
    }
}
