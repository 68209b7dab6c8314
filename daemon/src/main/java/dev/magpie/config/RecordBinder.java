package dev.magpie.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a YAML tree to the config records by reflection on their components ({@code batchSize} is the YAML key
 * {@code batch_size}), and goes on past every problem so that one pass reports all of them: an unknown key is
 * skipped, a value of the wrong type is left out (its default applies), and a record whose constructor rejects a
 * key is built again without that key. Only a record that still cannot be built (a required key missing) is dropped.
 *
 * <p>Jackson's own binding stops at the first problem, which is why it is not used here.
 */
final class RecordBinder {

    private static final List<String> SECRET_KEYS = List.of("env", "file", "credential");

    private final List<ConfigProblem> problems = new ArrayList<>();
    /** For each list a dropped item shortened: the YAML index of each item kept, by the list's YAML path. */
    private final Map<String, List<Integer>> keptIndexes = new HashMap<>();

    List<ConfigProblem> problems() {
        return problems;
    }

    <T extends Record> T bind(JsonNode root, Class<T> type) {
        if (root == null || root.isNull()) {
            return null;
        }
        return type.cast(bindRecord(type, root, ""));
    }

    /**
     * A path in the bound records ({@code zones[2].name}) as a path in the YAML, where dropped list items shift the
     * indexes ({@code zones[3].name}).
     */
    String yamlPath(String boundPath) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < boundPath.length()) {
            int open = boundPath.indexOf('[', i);
            if (open < 0) {
                out.append(boundPath, i, boundPath.length());
                break;
            }
            int close = boundPath.indexOf(']', open);
            out.append(boundPath, i, open);
            int index = Integer.parseInt(boundPath.substring(open + 1, close));
            List<Integer> kept = keptIndexes.get(out.toString());
            out.append('[').append(kept != null && index < kept.size() ? kept.get(index) : index).append(']');
            i = close + 1;
        }
        return out.toString();
    }

    private Object convert(Type type, JsonNode node, String path) {
        if (node == null || node.isNull()) {
            return null;
        }
        Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
        if (raw == SecretRef.class) {
            return bindSecret(node, path);
        }
        if (raw.isRecord()) {
            return bindRecord(raw, node, path);
        }
        if (raw == List.class) {
            return bindList(((ParameterizedType) type).getActualTypeArguments()[0], node, path);
        }
        if (raw.isEnum()) {
            return bindEnum(raw, node, path);
        }
        if (raw == String.class) {
            if (node.isValueNode()) {
                return node.asText();
            }
            return wrong(path, node, "expected a text value");
        }
        if (raw == Boolean.class) {
            return node.isBoolean() ? node.booleanValue() : wrong(path, node, "expected true or false");
        }
        if (raw == Integer.class) {
            return node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : wrong(path, node, "expected a whole number");
        }
        if (raw == Long.class) {
            return node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : wrong(path, node, "expected a whole number");
        }
        if (raw == Double.class) {
            return node.isNumber() ? node.doubleValue() : wrong(path, node, "expected a number");
        }
        throw new IllegalStateException("config records may not use " + type + " (" + path + ")");
    }

    private Object bindRecord(Class<?> type, JsonNode node, String path) {
        if (!node.isObject()) {
            return wrong(path, node, "expected a section of keys (key: value)");
        }
        RecordComponent[] components = type.getRecordComponents();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < components.length; i++) {
            index.put(snakeCase(components[i].getName()), i);
        }
        Object[] args = new Object[components.length];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Integer i = index.get(field.getKey());
            String child = join(path, field.getKey());
            if (i == null) {
                unknownKey(child, field.getKey(), index.keySet());
            } else {
                args[i] = convert(components[i].getGenericType(), field.getValue(), child);
            }
        }
        return construct(type, components, index, args, path);
    }

    private Object construct(Class<?> type, RecordComponent[] components, Map<String, Integer> index, Object[] args, String path) {
        Constructor<?> constructor;
        try {
            constructor = type.getDeclaredConstructor(
                    java.util.Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
        for (int attempt = 0; attempt <= components.length; attempt++) {
            try {
                return constructor.newInstance(args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof InvalidValueException invalid)) {
                    String message = e.getCause() == null ? e.toString() : e.getCause().getMessage();
                    problem(path, null, message);
                    return null;
                }
                String keyPath = invalid.key().isEmpty() ? path : join(path, invalid.key());
                if (!reportedAtOrUnder(keyPath)) {
                    problems.add(new ConfigProblem(keyPath, invalid.value(), invalid.problem(), null));
                }
                Integer i = index.get(invalid.key());
                if (i == null || args[i] == null) {
                    return null;
                }
                args[i] = null; // leave the bad key out, so the keys after it are checked too
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }

    private List<Object> bindList(Type elementType, JsonNode node, String path) {
        if (!node.isArray()) {
            return wrong(path, node, "expected a list (- item, or [a, b])");
        }
        List<Object> items = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String child = path + "[" + i + "]";
            if (node.get(i).isNull()) {
                problem(child, null, "empty list item; remove the lone '-'");
                continue;
            }
            Object item = convert(elementType, node.get(i), child);
            if (item != null) {
                items.add(item);
                kept.add(i);
            }
        }
        if (kept.size() != node.size()) {
            keptIndexes.put(path, kept);
        }
        return items;
    }

    private Object bindEnum(Class<?> type, JsonNode node, String path) {
        String allowed = java.util.Arrays.stream(type.getEnumConstants())
                .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
        if (node.isTextual()) {
            for (Object constant : type.getEnumConstants()) {
                if (((Enum<?>) constant).name().equalsIgnoreCase(node.textValue())) {
                    return constant;
                }
            }
        }
        return wrong(path, node, "expected one of " + allowed);
    }

    private SecretRef bindSecret(JsonNode node, String path) {
        if (node.isValueNode()) {
            // Never echo the value: it is probably the password.
            problem(path, "(hidden)", "a password is never written into the file; use " + path.substring(path.lastIndexOf('.') + 1)
                    + ": {env: VARIABLE}, {file: /etc/magpie/secret-file} or {credential: NAME} (systemd LoadCredential=NAME:/path)");
            return null;
        }
        if (!node.isObject()) {
            return wrong(path, node, "expected {env: VARIABLE}, {file: /path} or {credential: NAME}");
        }
        String[] values = new String[SECRET_KEYS.size()];
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            int i = SECRET_KEYS.indexOf(field.getKey());
            String child = join(path, field.getKey());
            if (i < 0) {
                unknownKey(child, field.getKey(), SECRET_KEYS);
            } else if (!field.getValue().isTextual()) {
                wrong(child, field.getValue(), "expected a text value");
            } else {
                values[i] = field.getValue().textValue();
            }
        }
        try {
            return new SecretRef(path, values[0], values[1], values[2]);
        } catch (InvalidValueException invalid) {
            String keyPath = invalid.key().isEmpty() ? path : join(path, invalid.key());
            if (!reportedAtOrUnder(keyPath)) {
                problems.add(new ConfigProblem(keyPath, invalid.value(), invalid.problem(), null));
            }
            return null;
        }
    }

    private void unknownKey(String path, String key, java.util.Collection<String> known) {
        String nearest = known.stream().min(Comparator.comparingInt(k -> distance(k, key))).orElse(null);
        String hint = nearest != null && distance(nearest, key) <= Math.max(2, key.length() / 3) ? "did you mean " + nearest + "? " : "";
        problem(path, null, "unknown key; " + hint + "known keys here: " + known.stream().sorted().collect(Collectors.joining(", ")));
    }

    private <T> T wrong(String path, JsonNode node, String expected) {
        problem(path, node.isValueNode() ? node.asText() : node.toString(), expected);
        return null;
    }

    private void problem(String path, String value, String message) {
        problems.add(new ConfigProblem(path, value, message, null));
    }

    private boolean reportedAtOrUnder(String path) {
        return problems.stream().anyMatch(p -> p.path().equals(path) || p.path().startsWith(path + ".") || p.path().startsWith(path + "["));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String snakeCase(String camel) {
        StringBuilder sb = new StringBuilder();
        for (char c : camel.toCharArray()) {
            if (Character.isUpperCase(c)) {
                sb.append('_').append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
