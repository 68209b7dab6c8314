package dev.magpie.dataset;

/** The dataset could not be read or written (disk, database). The message says which file or operation failed. */
public class DatasetException extends RuntimeException {

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }

    public DatasetException(String message) {
        super(message);
    }
}
