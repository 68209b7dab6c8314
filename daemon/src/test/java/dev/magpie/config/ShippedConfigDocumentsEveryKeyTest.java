package dev.magpie.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * config/magpie.yaml is the configuration reference: every key of every section must appear in it (set to its
 * default, or in a commented example for lists), so the file cannot fall behind the records.
 */
class ShippedConfigDocumentsEveryKeyTest {

    @Test
    void everyKeyOfEverySectionAppearsInTheShippedFile() throws Exception {
        String yaml = Files.readString(Path.of("../config/magpie.yaml"));
        List<String> missing = new ArrayList<>();
        for (RecordComponent section : MagpieConfig.class.getRecordComponents()) {
            String name = snake(section.getName());
            String block = block(yaml, name);
            if (block == null) {
                missing.add(name + " (the section itself)");
                continue;
            }
            for (String key : keys(recordType(section.getGenericType()))) {
                if (!Pattern.compile("(?m)^[\\s#-]*" + key + ":").matcher(block).find()) {
                    missing.add(name + "." + key);
                }
            }
        }
        assertThat(missing).as("keys missing from config/magpie.yaml").isEmpty();
    }

    /** The text from {@code section:} at column 0 up to the next top-level key. */
    private static String block(String yaml, String section) {
        var matcher = Pattern.compile("(?ms)^" + section + ":.*?(?=^[a-z_]+:|\\z)").matcher(yaml);
        return matcher.find() ? matcher.group() : null;
    }

    private static List<String> keys(Class<?> type) {
        List<String> keys = new ArrayList<>();
        if (type == null || !type.isRecord() || type == SecretRef.class) {
            return keys;
        }
        for (RecordComponent component : type.getRecordComponents()) {
            keys.add(snake(component.getName()));
            keys.addAll(keys(recordType(component.getGenericType())));
        }
        return keys;
    }

    private static Class<?> recordType(Type type) {
        if (type instanceof Class<?> c) {
            return c.isRecord() ? c : null;
        }
        if (type instanceof ParameterizedType p && p.getActualTypeArguments().length == 1) {
            return recordType(p.getActualTypeArguments()[0]);
        }
        return null;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
