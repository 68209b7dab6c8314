package dev.magpie.config;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * This board, as MQTT and Home Assistant see it.
 *
 * @param id the board's id in MQTT topics ({@code magpie/<id>/...}) and Home Assistant unique ids: 1-64 characters
 *           {@code [a-z0-9_-]}. Default: the host name, lower-cased, domain dropped, other characters made {@code -}
 * @param name the device name Home Assistant shows. Default: {@code Magpie <id>}
 */
public record DeviceConfig(String id, String name) {

    private static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");

    public DeviceConfig {
        id = id == null ? HostId.VALUE : id;
        if (!ID.matcher(id).matches()) {
            throw new InvalidValueException("id", id, "use 1-64 characters a-z, 0-9, _ or - (it becomes an MQTT topic level)");
        }
        name = name == null ? "Magpie " + id : name;
        if (name.isBlank() || name.length() > 64) {
            throw new InvalidValueException("name", name, "give 1-64 characters, or leave it out for 'Magpie <id>'");
        }
    }

    public static DeviceConfig defaults() {
        return new DeviceConfig(null, null);
    }

    /** A host name made into a device id: {@code Kitchen-Pi.local} becomes {@code kitchen-pi}. */
    public static String sanitise(String hostName) {
        String host = hostName == null ? "" : hostName.strip();
        int dot = host.indexOf('.');
        if (dot > 0) {
            host = host.substring(0, dot);
        }
        String id = host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^-+|-+$", "");
        if (id.length() > 64) {
            id = id.substring(0, 64);
        }
        return id.isEmpty() ? "magpie" : id;
    }

    /** The host name, looked up once. /etc/hostname first: InetAddress may wait on DNS on a board without it. */
    private static final class HostId {
        static final String VALUE = sanitise(lookup());

        private static String lookup() {
            try {
                String name = Files.readString(Path.of("/etc/hostname")).strip();
                if (!name.isEmpty()) {
                    return name;
                }
            } catch (IOException | RuntimeException e) {
                // fall through to the resolver
            }
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "magpie";
            }
        }
    }
}
