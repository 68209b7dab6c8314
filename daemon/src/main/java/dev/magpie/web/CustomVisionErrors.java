package dev.magpie.web;

import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How errors look on the Azure Custom Vision compatible route: {@code {"code", "message"}} as the Custom Vision
 * prediction service writes them, so its SDKs turn them into their own error types. {@link ErrorMapper} stays the one
 * exception handler; it asks this class to render when the request was for {@code /customvision/...}.
 *
 * <p>Codes are the service's ({@code CustomVisionErrorCodes} in Microsoft's SDKs): {@code BadRequestImageSizeBytes},
 * {@code BadRequestImageFormat}, {@code BadRequestImageUrl}, {@code NotFoundIteration}; a missing or wrong key is 401
 * with code {@code "401"}, as the Cognitive Services gateway answers.
 */
final class CustomVisionErrors {

    static final String PREFIX = "/customvision/";
    private static final String RENDERED = "magpie.customvision.error";

    private CustomVisionErrors() {
    }

    /** Whether a request path is on the Custom Vision route (any letter case, as Microsoft's SDKs lower-case it). */
    static boolean covers(String path) {
        return path != null && path.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    /** A 404 that no route answered (a mistyped path or API version) also gets Azure's shape on this route. */
    static void unmatched(Context ctx) {
        if (covers(ctx.path()) && ctx.attribute(RENDERED) == null) {
            render(new ErrorMapper.ApiError(404, "not_found", "not found"), ctx);
        }
    }

    static void render(ErrorMapper.ApiError error, Context ctx) {
        ctx.attribute(RENDERED, Boolean.TRUE);
        ErrorMapper.ApiError azure = translate(error);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", azure.error());
        body.put("message", azure.message());
        ctx.status(azure.status()).json(body);
    }

    /** Magpie's error as the Custom Vision service would have said it. */
    static ErrorMapper.ApiError translate(ErrorMapper.ApiError error) {
        String code = error.error();
        if (!code.isEmpty() && Character.isUpperCase(code.charAt(0)) || code.chars().allMatch(Character::isDigit)) {
            return error;
        }
        return switch (code.toLowerCase(Locale.ROOT)) {
            case "unauthorized" -> new ErrorMapper.ApiError(401, "401", "Access denied due to invalid Prediction-Key or wrong"
                    + " API endpoint: " + error.message());
            case "image_too_large", "too_large" -> tooLarge();
            case "unsupported_image", "invalid_image" -> new ErrorMapper.ApiError(400, "BadRequestImageFormat",
                    "Bad Request Image Format: " + error.message());
            case "not_found" -> new ErrorMapper.ApiError(404, "NotFound", "Resource not found; the Custom Vision route is"
                    + " POST /customvision/v3.0|v3.1/Prediction/{projectId}/classify|detect/iterations/{publishedName}/image"
                    + " (also /image/nostore, /url, /url/nostore)");
            case "csrf" -> new ErrorMapper.ApiError(403, "Forbidden", error.message());
            case "method_not_allowed" -> new ErrorMapper.ApiError(405, "BadRequestNotSupported", error.message());
            case "too_many_attempts" -> new ErrorMapper.ApiError(429, "429", error.message());
            case "internal" -> new ErrorMapper.ApiError(500, "ErrorUnknown", error.message());
            default -> new ErrorMapper.ApiError(error.status(),
                    error.status() >= 500 ? "ErrorUnknown" : error.status() == 404 ? "NotFound" : "BadRequest", error.message());
        };
    }

    static ErrorMapper.ApiError tooLarge() {
        return new ErrorMapper.ApiError(400, "BadRequestImageSizeBytes",
                "Image size in bytes is over the limit of " + CustomVisionImage.MAX_BYTES + " bytes (4 MB)");
    }

    static WebException imageSize() {
        ErrorMapper.ApiError e = tooLarge();
        return new WebException(e.status(), e.error(), e.message());
    }
}
