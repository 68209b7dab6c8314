package dev.magpie.devices.camera;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP basic-auth user and password for a camera. {@link #toString()} masks the password so logs never show it. */
public record BasicCredentials(String user, String password) {

    public BasicCredentials {
        if (user == null || user.isEmpty() || user.contains(":")) {
            throw new IllegalArgumentException("camera user must be non-empty and contain no ':'");
        }
        if (password == null) {
            throw new IllegalArgumentException("camera password must be given with the user (may be empty)");
        }
    }

    /** The value of the {@code Authorization} header. */
    String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + ", password=****]";
    }
}
