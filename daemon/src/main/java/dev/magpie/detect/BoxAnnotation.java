package dev.magpie.detect;

import dev.magpie.dataset.Split;

/**
 * One labelled box of one photo, as an import file gives it.
 *
 * @param path     the photo as the file names it (relative to the file's folder, or a URL the caller resolves)
 * @param relative the box with every coordinate a fraction of the photo's width or height
 * @param split    AutoML's set column, UNASSIGNED when the file has none
 */
public record BoxAnnotation(String path, String label, Box relative, Split split) {

    /** The box in pixels on a photo of the given size, clipped to it. */
    public Box inPixels(int imageWidth, int imageHeight) {
        return Box.fromRelative(relative.x(), relative.y(), relative.width(), relative.height(), imageWidth, imageHeight)
                .clippedTo(imageWidth, imageHeight);
    }
}
