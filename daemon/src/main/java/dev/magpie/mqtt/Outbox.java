package dev.magpie.mqtt;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The bounded queue between the pipeline thread and the MQTT sender. Offering never blocks. When it is full the
 * oldest {@link Kind#STATE} message goes first: states are retained and superseded by the next one, so an old one is
 * worth least; events, snapshots and notices are never dropped for space. Only when the queue holds
 * {@code 10 × capacity} undroppable messages (the sender stuck for hours) is a new one refused, so memory stays
 * bounded; that is counted and logged by the caller.
 */
final class Outbox {

    enum Kind { STATE, EVENT, SNAPSHOT, NOTICE }

    record Message(Kind kind, String topic, byte[] payload, int qos, boolean retained) {
    }

    /** What happened to an offered message. */
    enum Offer { QUEUED, QUEUED_DROPPED_OLDEST_STATE, REFUSED }

    private final int capacity;
    private final Deque<Message> queue = new ArrayDeque<>();
    private long droppedStates;
    private long refused;

    Outbox(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized Offer offer(Message message) {
        Offer result = Offer.QUEUED;
        if (queue.size() >= capacity) {
            if (dropOldestState()) {
                result = Offer.QUEUED_DROPPED_OLDEST_STATE;
            } else if (message.kind() == Kind.STATE) {
                droppedStates++; // nothing older to drop: this state is the least valuable message in hand
                return Offer.QUEUED_DROPPED_OLDEST_STATE;
            } else if (queue.size() >= 10L * capacity) {
                refused++;
                return Offer.REFUSED;
            }
        }
        queue.addLast(message);
        notifyAll();
        return result;
    }

    /** Puts back a message the sender could not hand over, ahead of everything else, keeping the order. */
    synchronized void putBack(Message message) {
        queue.addFirst(message);
    }

    /** The next message, waiting up to {@code timeoutMillis}; null when none came. */
    synchronized Message poll(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (queue.isEmpty()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return queue.pollFirst();
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized long droppedStates() {
        return droppedStates;
    }

    synchronized long refused() {
        return refused;
    }

    private boolean dropOldestState() {
        for (Iterator<Message> it = queue.iterator(); it.hasNext(); ) {
            if (it.next().kind() == Kind.STATE) {
                it.remove();
                droppedStates++;
                return true;
            }
        }
        return false;
    }
}
