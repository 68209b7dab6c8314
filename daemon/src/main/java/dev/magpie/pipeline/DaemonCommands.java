package dev.magpie.pipeline;

import java.util.Map;

/**
 * What remote callers (MQTT {@code cmd/<verb>}, later the web API) may ask the running daemon to do. Every method
 * validates its arguments and answers with a {@link CommandResult}; none throws for bad input.
 */
public interface DaemonCommands {

    /** Stores the current frame of {@code zone} (or the whole frame when zone is null) under {@code label}. */
    CommandResult capture(String zone, String label);

    /** Moves an inbox item into the dataset under {@code label}, or discards it when label is null. */
    CommandResult labelInboxItem(String sha256, String label);

    /** Starts a retrain now; the outcome arrives later as a notice. */
    CommandResult retrain();

    CommandResult promote(String version);

    CommandResult rollback();

    /** Sets the alert threshold of {@code label} in {@code zone} (0-1) until the next config reload. */
    CommandResult setThreshold(String zone, String label, double threshold);

    /** Re-reads the configuration file; a file with errors is refused and the running config kept. */
    CommandResult reloadConfig();

    /** The answer to a command: ok or an error code with a message, plus any data worth returning. */
    record CommandResult(boolean ok, String error, String message, Map<String, Object> data) {

        public static CommandResult ok(String message, Map<String, Object> data) {
            return new CommandResult(true, null, message, Map.copyOf(data));
        }

        public static CommandResult ok(String message) {
            return ok(message, Map.of());
        }

        public static CommandResult error(String error, String message) {
            return new CommandResult(false, error, message, Map.of());
        }
    }
}
