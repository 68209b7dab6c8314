package dev.magpie.devices.camera;

import dev.magpie.devices.camera.SourceHealth.State;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one {@link FrameSource} on its own thread ({@code magpie-capture-<name>}) into a {@link LatestFrameSlot}, so the
 * consumer never waits on the camera and never sees a stale backlog. When the source fails it is closed and reopened
 * with capped exponential backoff, reset after a good frame. State changes are logged once and passed to a
 * {@link HealthListener}; retries in the same state are logged at debug only, so a camera that is off all night does
 * not fill the journal.
 *
 * <p>Created with {@link #start}; {@link #close()} stops the thread within a bound, closes the source and releases the
 * frame left in the slot. The slot itself belongs to the caller.
 */
public final class CaptureLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CaptureLoop.class);
    /** How long close() lets a read finish on its own before closing the source under it. */
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final Duration STOP_BOUND = Duration.ofSeconds(5);
    /** How long a recorded source waits for the consumer before it checks whether the loop is stopping. */
    private static final Duration EMPTY_WAIT = Duration.ofMillis(200);

    private final FrameSource source;
    private final LatestFrameSlot slot;
    private final Backoff backoff;
    private final Pacer pacer;
    private final HealthListener listener;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();

    // Written by the capture thread only; volatile so health() reads a recent value from any thread.
    private volatile State state = State.CONNECTING;
    private volatile Instant lastFrameAt;
    private volatile long frames;
    private volatile long reconnects;
    private volatile String lastError;

    private CaptureLoop(FrameSource source, LatestFrameSlot slot, Backoff backoff, Pacer pacer,
                        HealthListener listener) {
        this.source = source;
        this.slot = slot;
        this.backoff = backoff;
        this.pacer = pacer;
        this.listener = listener;
        this.thread = new Thread(this::run, "magpie-capture-" + source.name());
        this.thread.setDaemon(true); // a stuck native read must not keep the JVM alive at shutdown
    }

    /** Starts capturing with real time. */
    public static CaptureLoop start(FrameSource source, LatestFrameSlot slot, Backoff backoff,
                                    HealthListener listener) {
        return start(source, slot, backoff, Pacer.system(), listener);
    }

    /** Starts capturing; {@code pacer} times the backoff waits (tests pass a fake one). */
    public static CaptureLoop start(FrameSource source, LatestFrameSlot slot, Backoff backoff, Pacer pacer,
                                    HealthListener listener) {
        if (source == null || slot == null || backoff == null || pacer == null || listener == null) {
            throw new IllegalArgumentException("source, slot, backoff, pacer and listener are required");
        }
        CaptureLoop loop = new CaptureLoop(source, slot, backoff, pacer, listener);
        loop.thread.start();
        return loop;
    }

    public String name() {
        return source.name();
    }

    /** The current health; cheap, callable from any thread. */
    public SourceHealth health() {
        return new SourceHealth(source.name(), state, lastFrameAt, frames, source.decodeFailures(), slot.dropped(),
                reconnects, lastError);
    }

    private void run() {
        log.info("{}: connecting", source.name());
        Duration delay = backoff.initial();
        try {
            while (!stopping()) {
                try {
                    source.open();
                    while (!stopping()) {
                        if (!source.live() && !slot.awaitEmpty(EMPTY_WAIT)) {
                            continue; // the consumer has not taken the last frame yet; check for stop, then wait again
                        }
                        Frame frame = source.read();
                        frames++;
                        lastFrameAt = frame.capturedAt();
                        slot.put(frame);
                        delay = backoff.initial();
                        if (state != State.STREAMING) {
                            changeState(State.STREAMING);
                        }
                    }
                } catch (EndOfStreamException e) {
                    changeState(State.ENDED);
                    return;
                } catch (IOException | RuntimeException e) {
                    // RuntimeException too: an OpenCV CvException from a bad frame must not kill the camera thread.
                    if (stopping()) {
                        return;
                    }
                    failed(e, delay);
                    source.close();
                    pacer.sleepNanos(delay.toNanos());
                    delay = backoff.next(delay);
                    reconnects++;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // close() asked us to stop during a backoff wait
        } finally {
            source.close();
        }
    }

    private void failed(Exception e, Duration delay) {
        lastError = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (state == State.RECONNECTING) {
            log.debug("{}: still failing, retrying in {} ms: {}", source.name(), delay.toMillis(), lastError);
        } else {
            log.warn("{}: {}; reconnecting with backoff from {} ms up to {} s", source.name(), lastError,
                    delay.toMillis(), backoff.max().toSeconds());
            changeState(State.RECONNECTING);
        }
    }

    private void changeState(State next) {
        State previous = state;
        state = next;
        if (next == State.STREAMING) {
            log.info("{}: streaming{}", source.name(), previous == State.RECONNECTING
                    ? " again after " + reconnects + " reconnect attempt(s)" : "");
        } else if (next == State.ENDED) {
            log.info("{}: end of stream after {} frames", source.name(), frames);
        }
        notifyListener();
    }

    private void notifyListener() {
        try {
            listener.stateChanged(health());
        } catch (RuntimeException e) {
            log.warn("{}: health listener threw; ignored", source.name(), e);
        }
    }

    private boolean stopping() {
        return closed.get() || Thread.currentThread().isInterrupted();
    }

    /**
     * Stops the capture thread, closes the source and releases the frame left in the slot. Idempotent. Waits up to
     * about five seconds; a read still blocked after a one-second grace is unblocked by closing the source under it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        thread.interrupt();
        boolean interrupted = false;
        try {
            thread.join(GRACE.toMillis());
            if (thread.isAlive()) {
                // A socket read ignores interrupts; closing the connection from here is how it gets unblocked.
                source.close();
                thread.join(STOP_BOUND.minus(GRACE).toMillis());
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (thread.isAlive()) {
            log.warn("{}: capture thread did not stop within {} s; left as a daemon thread", source.name(),
                    STOP_BOUND.toSeconds());
        }
        slot.clear();
        State previous = state;
        state = State.STOPPED;
        if (previous != State.STOPPED) {
            log.info("{}: stopped after {} frames", source.name(), frames);
            notifyListener();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
