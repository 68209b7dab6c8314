package dev.magpie.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * A YAML document as a tree plus the line of every key and list item. {@code ObjectMapper.readTree} drops locations,
 * so the tree is built here from the streaming parser, which knows them. Keys are addressed by path:
 * {@code zones[1].rules[0].label}. Anchors and aliases ({@code &rules}, {@code *rules}) are expanded, so six zones
 * can share one list of rules.
 */
final class YamlTree {

    /** A problem already rendered with its line, for sorting among the others. */
    record Located(int line, String text) {
    }

    private static final YAMLFactory FACTORY = new YAMLFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final List<Located> problems;

    private YamlTree(JsonNode root, Map<String, Integer> lines, List<Located> problems) {
        this.root = root;
        this.lines = lines;
        this.problems = problems;
    }

    /**
     * @throws JsonProcessingException when the text is not YAML; its location has the line
     */
    /** The most values aliases may copy in one document: far more than any real configuration holds. */
    private static final int MAX_DEPTH = 64;
    static final long MAX_ALIAS_EXPANSION = 100_000;

    /** Anchored nodes by name, and how many values aliases have copied so far. */
    private static final class Anchors extends HashMap<String, JsonNode> {
        long expandedNodes;
    }

    private static long size(JsonNode node) {
        long size = 1;
        for (JsonNode child : node) {
            size += size(child);
            if (size > MAX_ALIAS_EXPANSION) {
                return size;
            }
        }
        return size;
    }

    static YamlTree parse(String yaml) throws IOException {
        Map<String, Integer> lines = new HashMap<>();
        List<Located> problems = new ArrayList<>();
        Anchors anchors = new Anchors();
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return new YamlTree(NODES.nullNode(), lines, problems);
            }
            JsonNode root = read(parser, "", lines, problems, anchors);
            if (parser.nextToken() != null) {
                int line = line(parser.currentTokenLocation());
                problems.add(new Located(line, "line " + line + ": (top level): a configuration file holds one YAML document; remove the second ---"));
            }
            return new YamlTree(root, lines, problems);
        }
    }

    private static JsonNode read(YAMLParser p, String path, Map<String, Integer> lines, List<Located> problems,
                                 Anchors anchors) throws IOException {
        if (p.isCurrentAlias()) {
            JsonNode anchored = anchors.get(p.getText());
            if (anchored != null) {
                // A billion-laughs document (each anchor aliasing the one before many times) would otherwise expand
                // into billions of nodes and run the JVM out of memory: cap what aliases may copy in all.
                anchors.expandedNodes += size(anchored);
                if (anchors.expandedNodes > MAX_ALIAS_EXPANSION) {
                    throw new IOException("aliases (*name) expand to more than " + MAX_ALIAS_EXPANSION
                            + " values; a configuration needs far fewer (is this a billion-laughs document?)");
                }
                return anchored.deepCopy(); // *name: the node &name marked; lines inside it are those of the alias
            }
            int line = line(p.currentTokenLocation());
            problems.add(new Located(line, "line " + line + ": " + (path.isEmpty() ? "(top level)" : path) + " = *" + p.getText()
                    + ": no anchor &" + p.getText() + " before this alias"));
            return NODES.nullNode();
        }
        String anchor = p.getObjectId();
        JsonNode node = readNode(p, path, lines, problems, anchors);
        if (anchor != null) {
            anchors.put(anchor, node);
        }
        return node;
    }

    /** Levels of sections and lists in a key path such as {@code zones[0].rules[1].label}. */
    private static int depth(String path) {
        int depth = 0;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                depth++;
            }
        }
        return depth;
    }

    private static JsonNode readNode(YAMLParser p, String path, Map<String, Integer> lines, List<Located> problems,
                                     Anchors anchors) throws IOException {
        if ((p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY)
                && depth(path) > MAX_DEPTH) {
            // The reader recurses per level; a hostile [[[[...]]]] would otherwise end in a StackOverflowError.
            throw new IOException("values are nested more than " + MAX_DEPTH + " levels deep at " + path
                    + "; a Magpie configuration needs fewer than 10");
        }
        switch (p.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = path.isEmpty() ? name : path + "." + name;
                    int line = line(p.currentTokenLocation());
                    p.nextToken();
                    JsonNode value = read(p, child, lines, problems, anchors);
                    if (object.has(name)) {
                        problems.add(new Located(line, "line " + line + ": " + child + ": appears twice in one section"
                                + " (first at line " + lines.get(child) + "); remove one, or YAML would silently keep the last"));
                    } else {
                        lines.put(child, line);
                        object.set(name, value);
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    String child = path + "[" + index++ + "]";
                    lines.put(child, line(p.currentTokenLocation()));
                    array.add(read(p, child, lines, problems, anchors));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(p.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return NODES.booleanNode(true);
            }
            case VALUE_FALSE -> {
                return NODES.booleanNode(false);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> {
                return NODES.textNode(p.getText());
            }
        }
    }

    private static int line(JsonLocation location) {
        return location == null ? -1 : location.getLineNr();
    }

    JsonNode root() {
        return root;
    }

    /** Problems found while reading: duplicate keys, a second document. */
    List<Located> problems() {
        return problems;
    }

    /** The line of a path, or of its nearest enclosing key or list item that has one. */
    OptionalInt lineOf(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer line = lines.get(p);
            if (line != null && line > 0) {
                return OptionalInt.of(line);
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            p = cut < 0 ? "" : p.substring(0, cut);
        }
        return OptionalInt.empty();
    }
}
