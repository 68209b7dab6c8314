package dev.magpie.dataset;

import java.util.Optional;

/** An inbox image with its collection metadata; empty for images put there by hand or by an import. */
public record InboxItem(StoredImage image, Optional<InboxMeta> meta) {
}
