package dev.magpie.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.magpie.config.ConfigException;
import dev.magpie.dataset.DatasetException;
import dev.magpie.dataset.InvalidLabelException;
import dev.magpie.dataset.UnknownImageException;
import dev.magpie.dataset.UnknownLabelException;
import dev.magpie.learn.ModelImportException;
import dev.magpie.learn.NotEnoughDataException;
import dev.magpie.learn.UnknownModelVersionException;
import dev.magpie.vision.ImageRejectedException;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jetbrains.annotations.NotNull;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception handler: every failure becomes {@code {"error": code, "message": text}} with its status. Unknown
 * names are 404, bad input 400, oversized bodies 413, unsupported images 415, busy 409; anything unexpected is 500 with
 * a generic message (the details go to the log, never to the client). On the Custom Vision route the same error is
 * written in Azure's {@code {"code", "message"}} shape by {@link CustomVisionErrors}.
 */
final class ErrorMapper implements ExceptionHandler<Exception> {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

    record ApiError(int status, String error, String message) {
    }

    @Override
    public void handle(@NotNull Exception exception, @NotNull Context ctx) {
        // An exception handler that throws makes Javalin call the handler for *that* exception, so a request Jetty
        // has already recycled (an SSE stream closed after its client or the server went) would loop here forever.
        try {
            render(exception, ctx);
        } catch (RuntimeException e) {
            log.debug("could not answer a request that had already ended ({})", exception.toString());
        }
    }

    private void render(Exception exception, Context ctx) {
        ApiError error = map(exception);
        // A request refused before its body was read (401, 413, a bad image header...) may leave body bytes on the
        // wire; Jetty then drops the connection after answering, and a client that pooled it fails its next request
        // with "no bytes". Saying so lets the client open a fresh one.
        if (ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null) {
            ctx.header("Connection", "close");
        }
        // 501: a route not offered on purpose; 503: load shedding or a missing model file (the message says the fix).
        // Neither is a failure worth a stack trace.
        if (error.status() >= 500 && error.status() != 501 && error.status() != 503) {
            log.warn("{} {} failed", ctx.method(), ctx.path(), exception);
        }
        if (CustomVisionErrors.covers(ctx.path())) {
            CustomVisionErrors.render(error, ctx);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error.error());
        body.put("message", error.message());
        if (error.status() == 429 && exception instanceof TooManyRequestsException tooMany) {
            ctx.header("Retry-After", String.valueOf(tooMany.retryAfterSeconds()));
        }
        if (exception instanceof PredictGate.ServiceBusyException busy) {
            ctx.header("Retry-After", String.valueOf(busy.retryAfterSeconds()));
        }
        ctx.status(error.status()).json(body);
    }

    static ApiError map(Throwable e) {
        if (e instanceof WebException web) {
            return new ApiError(web.status(), web.code(), web.getMessage());
        }
        if (e instanceof UnknownLabelException) {
            return new ApiError(404, "unknown_label", e.getMessage());
        }
        if (e instanceof UnknownImageException) {
            return new ApiError(404, "unknown_image", e.getMessage());
        }
        if (e instanceof UnknownModelVersionException) {
            return new ApiError(404, "unknown_version", e.getMessage());
        }
        if (e instanceof InvalidLabelException) {
            return new ApiError(400, "invalid_label", e.getMessage());
        }
        if (e instanceof ImageRejectedException rejected) {
            return switch (rejected.reason()) {
                case UNSUPPORTED_FORMAT -> new ApiError(415, "unsupported_image", e.getMessage());
                case TOO_LARGE, TOO_MANY_PIXELS -> new ApiError(413, "image_too_large", e.getMessage());
                default -> new ApiError(400, "invalid_image", e.getMessage());
            };
        }
        if (e instanceof ModelImportException) {
            return new ApiError(400, "invalid_model_archive", e.getMessage());
        }
        if (e instanceof NotEnoughDataException) {
            return new ApiError(409, "not_enough_data", e.getMessage());
        }
        if (e instanceof ConfigException) {
            return new ApiError(400, "invalid_config", e.getMessage());
        }
        if (e instanceof DatasetException) {
            return new ApiError(400, "invalid_request", e.getMessage());
        }
        if (e instanceof JsonProcessingException json) {
            return new ApiError(400, "invalid_json", json.getOriginalMessage());
        }
        if (e instanceof HttpResponseException http) {
            int status = http.getStatus();
            String code = switch (status) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "too_large";
                case 400 -> "bad_request";
                default -> "http_" + status;
            };
            String message = status == 413 ? "the request body is too large (web.max_body_megabytes)"
                    : http.getMessage() == null ? code : http.getMessage();
            return new ApiError(status, code, message);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            String text = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
            if (text.contains("exceeds") || text.contains("too large") || text.contains("max") && text.contains("size")) {
                return new ApiError(413, "too_large", "the request body is too large (web.max_body_megabytes)");
            }
        }
        return new ApiError(500, "internal", "internal error; see the daemon's log");
    }

    /** 429 with a Retry-After header. */
    static final class TooManyRequestsException extends WebException {
        private final long retryAfterSeconds;

        TooManyRequestsException(String message, long retryAfterSeconds) {
            super(429, "too_many_attempts", message);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
