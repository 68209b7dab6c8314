package dev.magpie.dataset;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * Which addresses a dataset URL may reach. A CSV index is user input: without this check a row such as
 * {@code http://169.254.169.254/latest/meta-data/} or {@code http://192.168.1.1/admin} would make the board fetch
 * from its own network (server-side request forgery). Only public unicast addresses pass.
 */
final class AddressPolicy {

    private final boolean allowLoopback;

    /** {@code allowLoopback} exists for tests that serve images from a local HTTP server; production passes false. */
    AddressPolicy(boolean allowLoopback) {
        this.allowLoopback = allowLoopback;
    }

    /** Why the address is off limits, or empty if it is a public unicast address. */
    Optional<String> refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback ? Optional.empty() : Optional.of("loopback (this board itself)");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("the unspecified address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local (cloud metadata services and auto-configured LAN devices live there)");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("private (a local network)");
        }
        if (address.isMulticastAddress()) {
            return Optional.of("multicast");
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 0) {
                return Optional.of("reserved (0.0.0.0/8)");
            }
            if (first == 100 && second >= 64 && second < 128) {
                return Optional.of("shared carrier-grade NAT space (100.64.0.0/10)");
            }
            if (first >= 240) {
                return Optional.of("reserved or broadcast (240.0.0.0/4)");
            }
        }
        if (address instanceof Inet6Address && (b[0] & 0xFE) == 0xFC) {
            return Optional.of("unique-local IPv6 (fc00::/7, a private network)");
        }
        return Optional.empty();
    }
}
