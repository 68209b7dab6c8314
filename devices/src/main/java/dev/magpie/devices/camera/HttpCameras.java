package dev.magpie.devices.camera;

import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Opening HTTP connections to cameras, with errors that say what to check. {@link HttpURLConnection} rather than
 * {@code HttpClient}: it has a per-read timeout, which is what notices a camera that stops sending mid-stream.
 */
final class HttpCameras {

    private HttpCameras() {
    }

    /** Checks a camera URL at construction, so a typo fails at startup rather than on the first reconnect. */
    static URI checked(URI url) {
        if (url == null || url.getScheme() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("camera URL must be http:// or https:// with a host, was " + url);
        }
        return url;
    }

    /** The URL without user info or query, safe for logs and health (a query may carry a token). */
    static String safeName(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    /** Connects and checks for 200; the caller reads the body and disconnects. */
    static HttpURLConnection get(URI url, HttpTimeouts timeouts, BasicCredentials credentials, String name)
            throws IOException {
        HttpURLConnection connection = (HttpURLConnection) url.toURL().openConnection();
        connection.setConnectTimeout(timeouts.connectMillis());
        connection.setReadTimeout(timeouts.readMillis());
        connection.setUseCaches(false);
        if (credentials != null) {
            connection.setRequestProperty("Authorization", credentials.header());
        }
        int status;
        try {
            status = connection.getResponseCode();
        } catch (ConnectException e) {
            connection.disconnect();
            throw new IOException("cannot connect to " + name + ": " + e.getMessage() + " (is the camera on?)", e);
        } catch (UnknownHostException e) {
            connection.disconnect();
            throw new IOException("unknown host for " + name + ": " + e.getMessage(), e);
        } catch (SocketTimeoutException e) {
            connection.disconnect();
            throw new IOException("no answer from " + name + " within " + timeouts.connect().toMillis() + " ms", e);
        }
        if (status == HttpURLConnection.HTTP_OK) {
            return connection;
        }
        connection.disconnect();
        if (status == HttpURLConnection.HTTP_UNAUTHORIZED || status == HttpURLConnection.HTTP_FORBIDDEN) {
            throw new IOException("HTTP " + status + " from " + name + ": check the camera user and password"
                    + (credentials == null ? " (none were given)" : ""));
        }
        throw new IOException("HTTP " + status + " from " + name);
    }
}
