package dev.magpie.devices.camera;

import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * A source driven step by step by a test: each open() and read() takes the next step from a queue, blocking until the
 * test supplies one, so the test decides exactly when the capture loop fails, streams or ends.
 */
final class ScriptedSource implements FrameSource {

    enum Step { FRAME, FAIL, END }

    final BlockingQueue<Step> opens = new LinkedBlockingQueue<>();
    final BlockingQueue<Step> reads = new LinkedBlockingQueue<>();
    final AtomicInteger closes = new AtomicInteger();
    final AtomicInteger readsDone = new AtomicInteger();
    volatile boolean live = true;

    @Override
    public boolean live() {
        return live;
    }
    private long sequence;

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public void open() throws IOException {
        if (next(opens) == Step.FAIL) {
            throw new IOException("open failed on purpose");
        }
    }

    @Override
    public Frame read() throws IOException {
        readsDone.incrementAndGet();
        switch (next(reads)) {
            case FAIL -> throw new IOException("read failed on purpose");
            case END -> throw new EndOfStreamException("scripted end");
            default -> {
                return new Frame(new Mat(2, 2, CvType.CV_8UC3), Instant.now(), ++sequence);
            }
        }
    }

    private static Step next(BlockingQueue<Step> steps) throws IOException {
        try {
            return steps.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("stopped");
        }
    }

    @Override
    public void close() {
        closes.incrementAndGet();
    }
}
