package dev.magpie.detect;

import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads box tables in the two shapes users bring:
 * <ul>
 *   <li>AutoML Vision object detection: {@code [set,]path,label,x_min,y_min,,,x_max,y_max,,} with relative
 *       coordinates; the set column (TRAIN, VALIDATION, TEST, UNASSIGNED) is optional, and the four-vertex form
 *       {@code x1,y1,x2,y2,x3,y3,x4,y4} is accepted too (the box is their bounding box).</li>
 *   <li>Azure Custom Vision: {@code file,label,left,top,width,height} (relative), recognised by that header.</li>
 * </ul>
 * Bad lines do not stop the import; each is reported as {@code line N: problem}.
 */
public final class BoxCsv {

    public record Parsed(List<BoxAnnotation> boxes, List<String> problems) {
    }

    private BoxCsv() {
    }

    public static Parsed parse(String text) {
        List<BoxAnnotation> boxes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        boolean customVision = false;
        for (int n = 0; n < lines.length; n++) {
            String line = n == 0 ? stripBom(lines[n]) : lines[n];
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            if (n == 0 && isHeader(f)) {
                customVision = f.stream().anyMatch(s -> s.trim().equalsIgnoreCase("left"));
                continue;
            }
            try {
                boxes.add(customVision ? customVisionRow(f) : autoMlRow(f));
            } catch (IllegalArgumentException e) {
                problems.add("line " + (n + 1) + ": " + e.getMessage());
            }
        }
        return new Parsed(List.copyOf(boxes), List.copyOf(problems));
    }

    private static boolean isHeader(List<String> f) {
        for (String s : f) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            if (v.equals("label") || v.equals("left") || v.equals("x_min") || v.equals("path") || v.equals("file")) {
                return true;
            }
        }
        return false;
    }

    private static BoxAnnotation customVisionRow(List<String> f) {
        if (f.size() != 6) {
            throw new IllegalArgumentException("expected file,label,left,top,width,height (6 fields), got " + f.size());
        }
        double left = fraction(f.get(2), "left");
        double top = fraction(f.get(3), "top");
        double width = fraction(f.get(4), "width");
        double height = fraction(f.get(5), "height");
        if (width <= 0 || height <= 0 || left + width > 1.0001 || top + height > 1.0001) {
            throw new IllegalArgumentException("box " + left + "," + top + " " + width + "x" + height + " is empty or leaves the image");
        }
        return new BoxAnnotation(path(f.get(0)), label(f.get(1)), new Box(left, top, width, height), Split.UNASSIGNED);
    }

    private static BoxAnnotation autoMlRow(List<String> f) {
        int offset;
        Split split = Split.UNASSIGNED;
        if (f.size() == 11) {
            offset = 1;
            Optional<Split> s = Split.fromAutoMl(f.get(0));
            if (s.isEmpty()) {
                throw new IllegalArgumentException("unknown set '" + f.get(0) + "' (TRAIN, VALIDATION, TEST or UNASSIGNED)");
            }
            split = s.get();
        } else if (f.size() == 10) {
            offset = 0;
        } else {
            throw new IllegalArgumentException("expected [set,]path,label,x_min,y_min,,,x_max,y_max,, (10 or 11 fields), got " + f.size());
        }
        double xMin = Double.POSITIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        int vertices = 0;
        String x1 = f.get(offset + 2).trim();
        String x3 = f.get(offset + 6).trim();
        boolean twoCorners = f.get(offset + 4).isBlank() && f.get(offset + 5).isBlank() && f.get(offset + 8).isBlank()
                && f.get(offset + 9).isBlank();
        if (twoCorners && !x1.isEmpty() && !x3.isEmpty()
                && (Double.parseDouble(x1) >= Double.parseDouble(x3) || Double.parseDouble(f.get(offset + 3).trim()) >= Double.parseDouble(f.get(offset + 7).trim()))) {
            throw new IllegalArgumentException("x_min,y_min must lie above and left of x_max,y_max");
        }
        for (int v = 0; v < 4; v++) {
            String xs = f.get(offset + 2 + 2 * v).trim();
            String ys = f.get(offset + 3 + 2 * v).trim();
            if (xs.isEmpty() && ys.isEmpty()) {
                continue;
            }
            if (xs.isEmpty() || ys.isEmpty()) {
                throw new IllegalArgumentException("vertex " + (v + 1) + " has only one coordinate");
            }
            double x = fraction(xs, "x");
            double y = fraction(ys, "y");
            xMin = Math.min(xMin, x);
            yMin = Math.min(yMin, y);
            xMax = Math.max(xMax, x);
            yMax = Math.max(yMax, y);
            vertices++;
        }
        if (vertices < 2 || xMax <= xMin || yMax <= yMin) {
            throw new IllegalArgumentException("a box needs two corners with x_min < x_max and y_min < y_max");
        }
        return new BoxAnnotation(path(f.get(offset)), label(f.get(offset + 1)), Box.fromCorners(xMin, yMin, xMax, yMax), split);
    }

    private static String path(String value) {
        String p = value.trim();
        if (p.isEmpty()) {
            throw new IllegalArgumentException("the path is empty");
        }
        return p;
    }

    private static String label(String value) {
        return LabelName.of(value.trim()).value(); // throws InvalidLabelException (an IllegalArgumentException) with the rule
    }

    private static double fraction(String value, String name) {
        double v;
        try {
            v = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
        if (!(v >= 0) || v > 1) {
            throw new IllegalArgumentException(name + " " + value + " is not a relative coordinate in [0, 1]");
        }
        return v;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** RFC 4180 fields: commas split, double quotes group, "" inside quotes is a quote. */
    static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    current.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString());
        return out;
    }
}
