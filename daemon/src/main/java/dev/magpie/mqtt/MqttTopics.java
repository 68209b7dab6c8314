package dev.magpie.mqtt;

/**
 * Every topic name Magpie uses, built in one place from {@code <prefix>/<deviceId>}. Zone names become a topic level,
 * so they are checked here: a zone called {@code +} or {@code a/b} would publish where subscribers cannot tell it
 * apart, and {@code status} or {@code cmd} would collide with Magpie's own topics.
 */
public final class MqttTopics {

    private final String base;

    public MqttTopics(String topicPrefix, String deviceId) {
        this.base = topicPrefix + "/" + deviceId;
    }

    public static MqttTopics of(MqttSettings settings) {
        return new MqttTopics(settings.topicPrefix(), settings.deviceId());
    }

    public String base() {
        return base;
    }

    /** Retained {@code online}/{@code offline}; also the last will. */
    public String status() {
        return base + "/status";
    }

    public String state(String zone) {
        return base + "/" + requireZone(zone) + "/state";
    }

    public String event(String zone) {
        return base + "/" + requireZone(zone) + "/event";
    }

    public String snapshot(String zone) {
        return base + "/" + requireZone(zone) + "/snapshot";
    }

    /** A zone's visit events (zones with {@code detect:}). */
    public String visit(String zone) {
        return base + "/" + requireZone(zone) + "/visit";
    }

    /** Retained JPEG: the best crop of the visit whose START or END follows. */
    public String visitSnapshot(String zone) {
        return base + "/" + requireZone(zone) + "/visit/snapshot";
    }

    /** Retained JSON: today's species in the zone with their visit counts. */
    public String speciesToday(String zone) {
        return base + "/" + requireZone(zone) + "/species/today";
    }

    /** The filter the command listener subscribes to: one level per verb. */
    public String commandFilter() {
        return base + "/cmd/+";
    }

    public String commandPrefix() {
        return base + "/cmd/";
    }

    public String reply(String verb) {
        return base + "/cmd/" + verb + "/reply";
    }

    /**
     * A notice topic such as {@code training/result}: one or more levels of {@code [A-Za-z0-9_-]}, not under
     * {@code cmd/} (commands) and not {@code status}.
     */
    public String notice(String topic) {
        if (topic == null || topic.isEmpty()) {
            throw new IllegalArgumentException("notice topic must not be empty");
        }
        for (String level : topic.split("/", -1)) {
            if (!MqttSettings.TOPIC_LEVEL.matcher(level).matches()) {
                throw new IllegalArgumentException("notice topic '" + topic
                        + "': each level must be 1-64 characters [A-Za-z0-9_-]");
            }
        }
        if (topic.equals("status") || topic.equals("cmd") || topic.startsWith("cmd/")) {
            throw new IllegalArgumentException("notice topic '" + topic + "' is reserved");
        }
        return base + "/" + topic;
    }

    /** Checks a zone name for use as a topic level; returns it unchanged. */
    public static String requireZone(String zone) {
        if (zone == null || !MqttSettings.TOPIC_LEVEL.matcher(zone).matches()) {
            throw new IllegalArgumentException("zone '" + zone
                    + "': must be 1-64 characters [A-Za-z0-9_-] to be an MQTT topic level (no +, #, /)");
        }
        if (zone.equals("status") || zone.equals("cmd")) {
            throw new IllegalArgumentException("zone '" + zone + "' is reserved: it collides with <device>/"
                    + zone);
        }
        return zone;
    }
}
