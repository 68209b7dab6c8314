package dev.magpie.detect;

/** A species answer for one crop: the name (as the species model or the owner's head labels it) and its probability. */
public record SpeciesGuess(String species, double confidence) {
}
