package dev.magpie.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a camera's frames come from: exactly one of {@code usb}, {@code mjpeg}, {@code snapshot}, {@code command},
 * {@code replay} or {@code simulated}, plus the keys that belong to it.
 *
 * @param usb a V4L2 device: an index ({@code 0}) or a path ({@code /dev/video0}, {@code /dev/v4l/by-id/...})
 * @param mjpeg an http(s) URL serving a multipart MJPEG stream
 * @param snapshot an http(s) URL returning one JPEG per request
 * @param intervalMs with {@code snapshot}: milliseconds between requests, 100-3600000. Default 1000
 * @param command with nothing else: a program and its arguments (argv, no shell) that writes MJPEG to stdout, such as
 *                {@code [rpicam-vid, -t, "0", --codec, mjpeg, -o, "-"]} or an ffmpeg command for RTSP
 * @param replay an image or video file, or a folder of images, played as a camera (tests, demos, tuning)
 * @param loop with {@code replay}: start again at the end. Default true
 * @param fps with {@code replay}: frames per second to play at, 0.1-240. Default: the camera's {@code fps}
 * @param simulated a generated scene: {@code shelf}
 */
public record SourceConfig(String usb, String mjpeg, String snapshot, Integer intervalMs, List<String> command,
                           String replay, Boolean loop, Double fps, SimulatedScene simulated) {

    /** The kind of source a camera has. */
    public enum Kind { USB, MJPEG, SNAPSHOT, COMMAND, REPLAY, SIMULATED }

    /** Scenes the simulated source can draw. */
    public enum SimulatedScene { SHELF }

    private static final Pattern USB_INDEX = Pattern.compile("[0-9]{1,2}");

    public SourceConfig {
        command = command == null ? null : List.copyOf(command);
        String first = null;
        Object[][] kinds = {{"usb", usb}, {"mjpeg", mjpeg}, {"snapshot", snapshot}, {"command", command},
                {"replay", replay}, {"simulated", simulated}};
        for (Object[] kind : kinds) {
            if (kind[1] == null) {
                continue;
            }
            if (first != null) {
                throw new InvalidValueException((String) kind[0], kind[1], "a camera has exactly one source, and this one also sets "
                        + first + "; remove one (add a second camera for a second source)");
            }
            first = (String) kind[0];
        }
        if (first == null) {
            throw new InvalidValueException("", null,
                    "set exactly one of usb, mjpeg, snapshot, command, replay or simulated, e.g. source: {usb: /dev/video0}");
        }
        if (usb != null && !USB_INDEX.matcher(usb).matches() && !usb.startsWith("/dev/")) {
            throw new InvalidValueException("usb", usb, "use a device index such as 0 or a path such as /dev/video0");
        }
        checkUrl("mjpeg", mjpeg);
        checkUrl("snapshot", snapshot);
        if (command != null && (command.isEmpty() || command.stream().anyMatch(arg -> arg == null || arg.isEmpty()))) {
            throw new InvalidValueException("command", command, "give the program and its arguments, none empty, e.g. [rpicam-vid, -t, \"0\", --codec, mjpeg, -o, \"-\"]");
        }
        if (replay != null && replay.isBlank()) {
            throw new InvalidValueException("replay", replay, "give a file or folder path");
        }
        if (intervalMs != null && snapshot == null) {
            throw new InvalidValueException("interval_ms", intervalMs, "only applies to a snapshot source; remove it");
        }
        if (loop != null && replay == null) {
            throw new InvalidValueException("loop", loop, "only applies to a replay source; remove it");
        }
        if (fps != null && replay == null) {
            throw new InvalidValueException("fps", fps, "only applies to a replay source; set the camera's fps instead");
        }
        if (snapshot != null) {
            intervalMs = intervalMs == null ? 1000 : intervalMs;
            Names.checkRange("interval_ms", intervalMs, 100, 3_600_000);
        }
        if (replay != null) {
            loop = loop == null || loop;
            if (fps != null) {
                Names.checkRange("fps", fps, 0.1, 240);
            }
        }
    }

    public static SourceConfig usb(String device) {
        return new SourceConfig(device, null, null, null, null, null, null, null, null);
    }

    public Kind kind() {
        if (usb != null) {
            return Kind.USB;
        }
        if (mjpeg != null) {
            return Kind.MJPEG;
        }
        if (snapshot != null) {
            return Kind.SNAPSHOT;
        }
        if (command != null) {
            return Kind.COMMAND;
        }
        return replay != null ? Kind.REPLAY : Kind.SIMULATED;
    }

    /** Whether frames come over HTTP, where a username and password apply. */
    public boolean isHttp() {
        return mjpeg != null || snapshot != null;
    }

    private static void checkUrl(String key, String url) {
        if (url == null) {
            return;
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new InvalidValueException(key, url, "not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new InvalidValueException(key, url, "use an http:// or https:// URL such as http://192.168.1.20/video.mjpg");
        }
        if (uri.getRawUserInfo() != null) {
            throw new InvalidValueException(key, "(URL with credentials hidden)", "do not put credentials in the URL;"
                    + " set the camera's username, and password: {env: NAME}");
        }
    }
}
