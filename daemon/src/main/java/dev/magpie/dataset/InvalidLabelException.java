package dev.magpie.dataset;

/** A label name that breaks the naming rule. The message repeats the rule so the user can fix the name. */
public final class InvalidLabelException extends IllegalArgumentException {

    public InvalidLabelException(String message) {
        super(message);
    }
}
