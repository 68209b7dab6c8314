package dev.magpie.config;

/**
 * One camera.
 *
 * @param name required, unique: 1-32 characters {@code [A-Za-z0-9_-]}; zones name it, threads and logs show it
 * @param source required: where frames come from
 * @param width frame width the camera is asked for, 16-8192 pixels. Default 640
 * @param height frame height the camera is asked for, 16-8192 pixels. Default 480
 * @param fps frames per second to capture, 1-60. Default 5: more costs CPU and rarely changes a shelf's state
 * @param username for {@code mjpeg} and {@code snapshot} sources: HTTP basic/digest user
 * @param password for {@code mjpeg} and {@code snapshot} sources: a secret reference, never a literal
 */
public record CameraConfig(String name, SourceConfig source, Integer width, Integer height, Integer fps,
                           String username, SecretRef password) {

    public CameraConfig {
        Names.checkThing("name", name, "camera");
        if (source == null) {
            throw new InvalidValueException("source", null, "required: e.g. source: {usb: /dev/video0}");
        }
        width = width == null ? 640 : width;
        height = height == null ? 480 : height;
        fps = fps == null ? 5 : fps;
        Names.checkRange("width", width, 16, 8192);
        Names.checkRange("height", height, 16, 8192);
        Names.checkRange("fps", fps, 1, 60);
        if (username != null && !source.isHttp()) {
            throw new InvalidValueException("username", username, "only applies to mjpeg and snapshot sources; remove it");
        }
        if (password != null && !source.isHttp()) {
            throw new InvalidValueException("password", password, "only applies to mjpeg and snapshot sources; remove it");
        }
        if (password != null && username == null) {
            throw new InvalidValueException("password", password, "password is set but username is not; set username too");
        }
    }
}
