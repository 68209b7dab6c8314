package dev.magpie.detect;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows boxes from frame to frame by overlap alone (SORT without the Kalman filter): each frame's boxes are matched
 * greedily to the live tracks, highest IoU first, pairs below {@code minIou} never; an unmatched box starts a
 * tentative track, which is confirmed after {@code confirmFrames} matched frames; a track not matched for more than
 * {@code maxMissedFrames} frames in a row ends (a flicker frame the detector missed does not end a visit). Not
 * thread-safe; no I/O; time comes from the injected clock.
 */
public final class IouTracker {

    /** A track after a frame: where it was last seen, how often, and whether it reached confirmation. */
    public record Track(long id, Box box, int hits, int missed, Instant firstSeen, Instant lastSeen, boolean confirmed) {
    }

    /**
     * What one frame did.
     *
     * @param trackOfBox for each box of the frame, in order, the id of the track it now belongs to
     * @param confirmed  tracks confirmed by this frame (a visit starts)
     * @param ended      confirmed tracks that ended with this frame (unconfirmed ones end silently)
     * @param live       every live track, tentative ones included
     */
    public record Step(long[] trackOfBox, List<Track> confirmed, List<Track> ended, List<Track> live) {
    }

    private final Clock clock;
    private final double minIou;
    private final int maxMissedFrames;
    private final int confirmFrames;
    private final List<Track> tracks = new ArrayList<>();
    private long nextId = 1;

    public IouTracker(Clock clock, double minIou, int maxMissedFrames, int confirmFrames) {
        if (!(minIou > 0) || minIou > 1) {
            throw new IllegalArgumentException("minIou must be in (0, 1], got " + minIou);
        }
        if (maxMissedFrames < 0) {
            throw new IllegalArgumentException("maxMissedFrames must be >= 0, got " + maxMissedFrames);
        }
        if (confirmFrames < 1) {
            throw new IllegalArgumentException("confirmFrames must be >= 1, got " + confirmFrames);
        }
        this.clock = clock;
        this.minIou = minIou;
        this.maxMissedFrames = maxMissedFrames;
        this.confirmFrames = confirmFrames;
    }

    private record Pair(int track, int box, double iou) {
    }

    public Step update(List<Box> boxes) {
        Instant now = clock.instant();
        List<Pair> pairs = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            for (int b = 0; b < boxes.size(); b++) {
                double iou = tracks.get(t).box().iou(boxes.get(b));
                if (iou >= minIou) {
                    pairs.add(new Pair(t, b, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed().thenComparingInt(Pair::track).thenComparingInt(Pair::box));
        int[] boxOfTrack = new int[tracks.size()];
        java.util.Arrays.fill(boxOfTrack, -1);
        long[] trackOfBox = new long[boxes.size()];
        boolean[] boxTaken = new boolean[boxes.size()];
        for (Pair p : pairs) {
            if (boxOfTrack[p.track()] < 0 && !boxTaken[p.box()]) {
                boxOfTrack[p.track()] = p.box();
                boxTaken[p.box()] = true;
            }
        }
        List<Track> confirmed = new ArrayList<>();
        List<Track> ended = new ArrayList<>();
        List<Track> next = new ArrayList<>();
        for (int t = 0; t < tracks.size(); t++) {
            Track old = tracks.get(t);
            if (boxOfTrack[t] >= 0) {
                int hits = old.hits() + 1;
                boolean nowConfirmed = hits >= confirmFrames;
                Track updated = new Track(old.id(), boxes.get(boxOfTrack[t]), hits, 0, old.firstSeen(), now, nowConfirmed);
                trackOfBox[boxOfTrack[t]] = old.id();
                if (nowConfirmed && !old.confirmed()) {
                    confirmed.add(updated);
                }
                next.add(updated);
            } else if (old.missed() + 1 > maxMissedFrames) {
                if (old.confirmed()) {
                    ended.add(old);
                }
            } else {
                next.add(new Track(old.id(), old.box(), old.hits(), old.missed() + 1, old.firstSeen(), old.lastSeen(), old.confirmed()));
            }
        }
        for (int b = 0; b < boxes.size(); b++) {
            if (!boxTaken[b]) {
                Track fresh = new Track(nextId++, boxes.get(b), 1, 0, now, now, confirmFrames == 1);
                trackOfBox[b] = fresh.id();
                if (fresh.confirmed()) {
                    confirmed.add(fresh);
                }
                next.add(fresh);
            }
        }
        tracks.clear();
        tracks.addAll(next);
        return new Step(trackOfBox, List.copyOf(confirmed), List.copyOf(ended), List.copyOf(next));
    }

    /** Ends every confirmed live track now (shutdown, camera lost) so no visit stays open. */
    public List<Track> endAll() {
        List<Track> ended = new ArrayList<>();
        for (Track t : tracks) {
            if (t.confirmed()) {
                ended.add(t);
            }
        }
        tracks.clear();
        return ended;
    }
}
