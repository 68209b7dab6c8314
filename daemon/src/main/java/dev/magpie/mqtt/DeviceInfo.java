package dev.magpie.mqtt;

/** The {@code device} block Home Assistant groups Magpie's entities under. */
public record DeviceInfo(String name, String model, String swVersion) {
}
