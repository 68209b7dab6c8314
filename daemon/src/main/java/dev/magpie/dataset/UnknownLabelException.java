package dev.magpie.dataset;

/** The label does not exist (a REST layer answers 404). */
public final class UnknownLabelException extends DatasetException {

    public UnknownLabelException(LabelName label) {
        super("no label '" + label + "' in the dataset");
    }
}
