package dev.magpie.dataset;

import java.util.Objects;
import java.util.Optional;

/** An image offered to the store: its bytes, where it goes (a label, or the inbox when empty) and where it came from. */
public record NewImage(byte[] bytes, Optional<LabelName> label, Split split, String source) {

    public NewImage {
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(source, "source");
    }

    public static NewImage labelled(byte[] bytes, LabelName label, Split split, String source) {
        return new NewImage(bytes, Optional.of(label), split, source);
    }

    public static NewImage unlabelled(byte[] bytes, String source) {
        return new NewImage(bytes, Optional.empty(), Split.UNASSIGNED, source);
    }
}
