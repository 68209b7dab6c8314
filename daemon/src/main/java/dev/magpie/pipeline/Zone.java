package dev.magpie.pipeline;

import dev.magpie.rules.ZoneStateMachine;

/**
 * One watched region of one camera, with the model it uses and its rules.
 *
 * @param model {@link LoadedModels#CURRENT} or a pinned version such as {@code v0003}
 */
public record Zone(String name, String camera, ZoneRegion region, String model, ZoneStateMachine machine) {
}
