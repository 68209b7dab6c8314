package dev.magpie.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The 80 COCO class names a zone's {@code detect.classes} and {@code suppress} may use. Read from the same list the
 * detector uses ({@code dev/magpie/vision/coco80.txt}) as a resource, so this package needs no vision types.
 */
final class CocoClasses {

    private static final String RESOURCE = "/dev/magpie/vision/coco80.txt";
    private static final List<String> NAMES = read();

    private CocoClasses() {
    }

    static List<String> names() {
        return NAMES;
    }

    /** Every class, for a zone whose boxes the owner's own model names ({@code detect.classes: [any]}). */
    static final String ANY = "any";

    /** Throws naming {@code key} when a name is not a COCO class (or {@code any}, where allowed); returns the names, copied. */
    static List<String> check(String key, List<String> names, boolean anyAllowed) {
        if (anyAllowed && names.contains(ANY)) {
            if (names.size() > 1) {
                throw new InvalidValueException(key, names, "'any' keeps every class; list it alone");
            }
            return List.of(ANY);
        }
        return check(key, names);
    }

    /** Throws naming {@code key} when a name is not a COCO class; returns the names, copied. */
    static List<String> check(String key, List<String> names) {
        for (String name : names) {
            if (name == null || !NAMES.contains(name)) {
                throw new InvalidValueException(key, names, "'" + name + "' is not a COCO class; use names such as bird,"
                        + " cat, dog, person (the 80 names of YOLOX's coco80.txt, spelt as there: traffic light, pottedplant, diningtable)");
            }
        }
        return List.copyOf(names);
    }

    private static List<String> read() {
        try (InputStream in = CocoClasses.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .map(String::strip).filter(line -> !line.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
