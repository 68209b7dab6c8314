package dev.magpie.web;

/**
 * An answer other than success, rendered by the one exception handler as {@code {"error": code, "message": text}}
 * with {@code status}. Messages are for people and never contain secrets.
 */
public class WebException extends RuntimeException {

    private final int status;
    private final String code;

    public WebException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static WebException badRequest(String code, String message) {
        return new WebException(400, code, message);
    }

    public static WebException notFound(String code, String message) {
        return new WebException(404, code, message);
    }

    public static WebException conflict(String code, String message) {
        return new WebException(409, code, message);
    }

    public static WebException unauthorized(String message) {
        return new WebException(401, "unauthorized", message);
    }

    public static WebException forbidden(String code, String message) {
        return new WebException(403, code, message);
    }
}
