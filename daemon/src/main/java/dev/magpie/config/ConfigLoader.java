package dev.magpie.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Reads {@code magpie.yaml} into {@link MagpieConfig}. Unknown keys are errors (a typo must not silently become a
 * default), and every error names the line, the key path and the problem.
 */
public final class ConfigLoader {

    private final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public MagpieConfig load(Path file) throws ConfigException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), List.of("the file does not exist"));
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of("cannot read it: " + e.getMessage()));
        }
        return parse(text, file.toString());
    }

    public MagpieConfig parse(String yaml, String source) throws ConfigException {
        if (yaml.isBlank()) {
            return MagpieConfig.defaults();
        }
        try {
            MagpieConfig config = mapper.readValue(yaml, MagpieConfig.class);
            return config == null ? MagpieConfig.defaults() : config;
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", "));
            throw new ConfigException(source, List.of(line(yaml, keys(e), e) + path(e) + ": unknown key; known keys here: " + known));
        } catch (JsonMappingException e) {
            if (rootCause(e) instanceof InvalidValueException invalid) {
                List<String> keys = keys(e);
                keys.add(invalid.key());
                throw new ConfigException(source, List.of(line(yaml, keys, e) + String.join(".", keys) + invalid.getMessage().substring(invalid.key().length())));
            }
            throw new ConfigException(source, List.of(line(yaml, keys(e), e) + path(e) + ": " + rootMessage(e)));
        } catch (JsonProcessingException e) {
            throw new ConfigException(source, List.of(line(e.getLocation()) + "not valid YAML: " + e.getOriginalMessage()));
        }
    }

    private static List<String> keys(JsonMappingException e) {
        List<String> keys = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                keys.add(ref.getFieldName());
            }
        }
        return keys;
    }

    private static String line(String yaml, List<String> keys, JsonMappingException e) {
        OptionalInt line = KeyLines.lineOf(yaml, keys);
        return line.isPresent() ? "line " + line.getAsInt() + ": " : line(e.getLocation());
    }

    private static String line(JsonLocation location) {
        return location == null || location.getLineNr() < 0 ? "" : "line " + location.getLineNr() + ": ";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.length() == 0 ? "(top level)" : sb.toString();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = rootCause(e);
        if (cause instanceof IllegalArgumentException) {
            return cause.getMessage();
        }
        String message = e instanceof JsonMappingException jme ? jme.getOriginalMessage() : e.getMessage();
        int detail = message.indexOf(" at [Source");
        return detail > 0 ? message.substring(0, detail) : message;
    }
}
