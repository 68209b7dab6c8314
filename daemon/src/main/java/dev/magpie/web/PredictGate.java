package dev.magpie.web;

import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;

/**
 * Admission for API predictions, so a burst of clients cannot starve the camera loop on a 2-4 core board. Predictions
 * run at most {@code concurrency} at a time (default: one core fewer than the machine has, so the camera keeps a core)
 * and at most {@code maxWaiting} more wait; past that the request is refused at once with 503 and
 * {@code Retry-After: 1} instead of queueing. Queueing would stretch every client's latency by the queue length; a
 * refusal keeps served latency at single-client latency and tells the client when to come back.
 */
final class PredictGate {

    private final Semaphore running;
    private final Semaphore admitted;

    PredictGate(int concurrency, int maxWaiting) {
        if (concurrency < 1 || maxWaiting < 0) {
            throw new IllegalArgumentException("concurrency must be 1 or more and maxWaiting 0 or more");
        }
        this.running = new Semaphore(concurrency, true);
        this.admitted = new Semaphore(concurrency + maxWaiting);
    }

    /** One core fewer than this machine has (at least one), none waiting. */
    static PredictGate forThisMachine() {
        return new PredictGate(Math.max(1, Runtime.getRuntime().availableProcessors() - 1), 0);
    }

    <T> T run(Callable<T> prediction) throws Exception {
        if (!admitted.tryAcquire()) {
            throw new ServiceBusyException("busy predicting for other clients; retry after the Retry-After seconds", 1);
        }
        try {
            running.acquire();
            try {
                return prediction.call();
            } finally {
                running.release();
            }
        } finally {
            admitted.release();
        }
    }

    /** 503 with a Retry-After header. */
    static final class ServiceBusyException extends WebException {
        private final long retryAfterSeconds;

        ServiceBusyException(String message, long retryAfterSeconds) {
            super(503, "busy", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
