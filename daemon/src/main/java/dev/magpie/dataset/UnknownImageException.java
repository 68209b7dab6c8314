package dev.magpie.dataset;

/** No image with this sha256 is in the dataset or inbox (a REST layer answers 404). */
public final class UnknownImageException extends DatasetException {

    public UnknownImageException(String sha256) {
        super("no image with sha256 " + sha256 + " in the dataset or inbox");
    }
}
