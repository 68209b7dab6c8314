package dev.magpie.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.magpie.pipeline.DaemonCommands;
import dev.magpie.pipeline.DaemonCommands.CommandResult;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Turns one {@code cmd/<verb>} payload into a call on {@link DaemonCommands} and the reply JSON (pure apart from
 * that call). Every malformed request is answered with an error and calls nothing:
 * <ul>
 *   <li>{@code too_large}: payload over the size cap (checked before decoding);</li>
 *   <li>{@code bad_json}: not UTF-8, not JSON, or JSON that is not an object;</li>
 *   <li>{@code unknown_verb}, {@code forbidden} (not on the allow-list);</li>
 *   <li>{@code invalid_argument}: a field missing, of the wrong type, or out of range.</li>
 * </ul>
 * An empty payload means {@code {}}. The request's {@code id} (string or number) comes back as {@code request_id}.
 */
final class CommandDispatcher {

    static final Set<String> VERBS = Set.of("capture", "label", "retrain", "promote", "rollback", "threshold",
            "reload");

    private final ObjectMapper json = new ObjectMapper();
    private final DaemonCommands commands;
    private final Set<String> allowedVerbs;
    private final int maxPayloadBytes;

    /** @param allowedVerbs verbs that may run; the others answer {@code forbidden} */
    CommandDispatcher(DaemonCommands commands, Set<String> allowedVerbs, int maxPayloadBytes) {
        for (String verb : allowedVerbs) {
            if (!VERBS.contains(verb)) {
                throw new IllegalArgumentException("mqtt.commands.allow: unknown verb '" + verb + "'; known: "
                        + VERBS);
            }
        }
        this.commands = commands;
        this.allowedVerbs = Set.copyOf(allowedVerbs);
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /** The reply payload for {@code verb} with {@code payload}; never throws. */
    byte[] handle(String verb, byte[] payload) {
        JsonNode id = null;
        CommandResult result;
        try {
            if (payload.length > maxPayloadBytes) {
                throw new Refusal("too_large", "payload is " + payload.length + " bytes; the limit is "
                        + maxPayloadBytes);
            }
            ObjectNode request = parse(payload);
            id = request.get("id");
            result = dispatch(verb, request);
        } catch (Refusal refusal) {
            result = CommandResult.error(refusal.code, refusal.getMessage());
        } catch (RuntimeException e) {
            // DaemonCommands promises not to throw; if it does, the caller still gets an answer.
            result = CommandResult.error("internal", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        return reply(result, id);
    }

    /** An error reply decided before the payload is read (busy, retained). */
    byte[] refusal(String code, String message) {
        return reply(CommandResult.error(code, message), null);
    }

    private CommandResult dispatch(String verb, ObjectNode request) {
        if (!VERBS.contains(verb)) {
            throw new Refusal("unknown_verb", "unknown command '" + verb + "'; known: " + String.join(", ",
                    VERBS.stream().sorted().toList()));
        }
        if (!allowedVerbs.contains(verb)) {
            throw new Refusal("forbidden", "command '" + verb + "' is not allowed on this device");
        }
        return switch (verb) {
            case "capture" -> commands.capture(optionalText(request, "zone"), text(request, "label"));
            case "label" -> commands.labelInboxItem(text(request, "sha256"), optionalText(request, "label"));
            case "retrain" -> commands.retrain();
            case "promote" -> commands.promote(text(request, "version"));
            case "rollback" -> commands.rollback();
            case "threshold" -> commands.setThreshold(text(request, "zone"), text(request, "label"),
                    fraction(request, "threshold"));
            case "reload" -> commands.reloadConfig();
            default -> throw new IllegalStateException("verb in VERBS without a case: " + verb);
        };
    }

    private ObjectNode parse(byte[] payload) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(payload)).toString();
        } catch (CharacterCodingException e) {
            throw new Refusal("bad_json", "payload is not UTF-8");
        }
        if (text.isBlank()) {
            return json.createObjectNode();
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new Refusal("bad_json", "payload is not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new Refusal("bad_json", "payload must be a JSON object, e.g. {\"zone\":\"shelf1\"}");
        }
        return (ObjectNode) node;
    }

    private static String text(ObjectNode request, String field) {
        String value = optionalText(request, field);
        if (value == null || value.isEmpty()) {
            throw new Refusal("invalid_argument", "'" + field + "' is required (a string)");
        }
        return value;
    }

    private static String optionalText(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new Refusal("invalid_argument", "'" + field + "' must be a string, not " + node.getNodeType()
                    .name().toLowerCase(java.util.Locale.ROOT));
        }
        return node.textValue();
    }

    private static double fraction(ObjectNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isNumber()) {
            throw new Refusal("invalid_argument", "'" + field + "' is required (a number from 0 to 1)");
        }
        double value = node.doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw new Refusal("invalid_argument", "'" + field + "' = " + node + ": must be from 0 to 1");
        }
        return value;
    }

    private byte[] reply(CommandResult result, JsonNode id) {
        ObjectNode node = json.createObjectNode();
        node.put("ok", result.ok());
        node.put("error", result.error());
        node.put("message", result.message());
        node.set("data", result.data() == null ? json.createObjectNode() : json.valueToTree(result.data()));
        node.set("request_id", id != null && (id.isTextual() || id.isNumber()) ? id : null);
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            return ("{\"ok\":false,\"error\":\"internal\",\"message\":\"reply not serialisable\",\"data\":{},"
                    + "\"request_id\":null}").getBytes(StandardCharsets.UTF_8);
        }
    }

    /** A request answered with an error code; never escapes this class. */
    private static final class Refusal extends RuntimeException {
        private final String code;

        Refusal(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }
}
