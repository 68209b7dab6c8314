package dev.magpie.devices.camera;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a child process's stderr on its own named thread, so a chatty process never blocks on a full pipe, logs
 * each line, and keeps the last few to explain why the process died.
 */
final class StderrTail implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StderrTail.class);
    private static final int KEPT_LINES = 10;

    private final String sourceName;
    private final InputStream stderr;
    private final Deque<String> last = new ArrayDeque<>();
    private final Thread thread;

    StderrTail(String sourceName, InputStream stderr) {
        this.sourceName = sourceName;
        this.stderr = stderr;
        this.thread = new Thread(this::drain, "magpie-stderr-" + sourceName);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void drain() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stderr, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log.info("{}: {}", sourceName, line);
                synchronized (last) {
                    if (last.size() == KEPT_LINES) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
            }
        } catch (IOException e) {
            log.debug("{}: stderr closed: {}", sourceName, e.getMessage());
        }
    }

    /** Waits up to {@code millis} for stderr to reach its end, so the last lines are in. */
    void awaitEnd(long millis) throws InterruptedException {
        thread.join(millis);
    }

    /** The last lines, oldest first. */
    List<String> lastLines() {
        synchronized (last) {
            return new ArrayList<>(last);
        }
    }

    @Override
    public void close() {
        try {
            stderr.close();
        } catch (IOException e) {
            // already gone with the process
        }
    }
}
