package dev.magpie.web;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UI sessions, in memory (a restart logs everyone out): a random 256-bit id in an HttpOnly, SameSite=Strict cookie,
 * and a separate CSRF token the page sends back as {@code X-CSRF-Token} on every state-changing request. A session
 * ends after {@code idle} without a request, at logout, or when the oldest of {@link #MAX_SESSIONS} is pushed out.
 */
final class Sessions {

    static final String COOKIE = "magpie_session";
    static final int MAX_SESSIONS = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    record Session(String id, String csrfToken, Instant created, Instant lastSeen) {
        boolean csrfMatches(String presented) {
            return presented != null && MessageDigest.isEqual(csrfToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    presented.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Duration idle;
    private final Clock clock;

    Sessions(Duration idle, Clock clock) {
        this.idle = idle;
        this.clock = clock;
    }

    Session create() {
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().stream().min(Comparator.comparing(Session::lastSeen)).ifPresent(s -> sessions.remove(s.id()));
        }
        Instant now = clock.instant();
        Session session = new Session(random(), random(), now, now);
        sessions.put(session.id(), session);
        return session;
    }

    /** The live session with this id, its idle timer restarted; expired ones are removed. */
    Optional<Session> touch(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = sessions.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (session.lastSeen().plus(idle).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        Session fresh = new Session(session.id(), session.csrfToken(), session.created(), now);
        sessions.put(id, fresh);
        return Optional.of(fresh);
    }

    void end(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    Duration idle() {
        return idle;
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
