package dev.magpie.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Optional;

/** The API's JSON: snake_case keys, ISO-8601 times, and request bodies read into trees so errors can name the field. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new Jdk8Module())
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The body as a JSON object; an empty body is an empty object. */
    static ObjectNode body(Context ctx) {
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) {
            return MAPPER.createObjectNode();
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw WebException.badRequest("invalid_json", "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw WebException.badRequest("invalid_json", "the body could not be read");
        }
        if (node == null || !node.isObject()) {
            throw WebException.badRequest("invalid_json", "the body must be a JSON object");
        }
        return (ObjectNode) node;
    }

    static String requiredText(ObjectNode body, String field) {
        return optionalText(body, field).orElseThrow(() -> WebException.badRequest("missing_field",
                "the body needs \"" + field + "\" (a string)"));
    }

    static Optional<String> optionalText(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw WebException.badRequest("invalid_field", "\"" + field + "\" must be a string");
        }
        return Optional.of(value.asText());
    }
}
