package dev.magpie.dataset;

import dev.magpie.vision.ImageFormat;

import java.time.Instant;
import java.util.Optional;

/** One image in the index. {@code label} is empty for images waiting in the inbox. */
public record StoredImage(String sha256, Optional<LabelName> label, Split split, String source, Instant addedAt,
                          ImageFormat format, int width, int height) {

    public boolean inInbox() {
        return label.isEmpty();
    }

    /** The file name under the label folder or the inbox. */
    public String fileName() {
        return sha256 + "." + format.extension();
    }
}
