package dev.magpie.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Downloads an image for a CSV import. Before every request (including each redirect hop, which is followed by hand
 * so its target is checked too) the host is resolved and every address must be public: see {@link AddressPolicy}.
 * The body is read under a size cap whatever Content-Length says.
 *
 * <p>Known gap: the JDK client resolves the host again when it connects, so a DNS server that answers differently
 * the second time (DNS rebinding) could still steer a request to a private address. Pinning the checked address
 * needs a client that accepts a resolved address; until then keep URL import disabled on untrusted networks.
 */
public final class HttpImageFetcher {

    private static final int MAX_REDIRECTS = 3;

    private final HttpClient client;
    private final Duration requestTimeout;
    private final long maxBytes;
    private final AddressPolicy addresses;

    public HttpImageFetcher(Duration connectTimeout, Duration requestTimeout, long maxBytes) {
        this(connectTimeout, requestTimeout, maxBytes, false);
    }

    /** For tests only: {@code allowLoopback} lets a test fetch from its own local HTTP server. */
    HttpImageFetcher(Duration connectTimeout, Duration requestTimeout, long maxBytes, boolean allowLoopback) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.requestTimeout = requestTimeout;
        this.maxBytes = maxBytes;
        this.addresses = new AddressPolicy(allowLoopback);
    }

    public byte[] fetch(URI uri) throws FetchRefusedException {
        URI current = uri;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkTarget(current);
            HttpRequest request = HttpRequest.newBuilder(current).timeout(requestTimeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (HttpTimeoutException e) {
                throw new FetchRefusedException("timed out after " + requestTimeout.toSeconds() + " s fetching " + current);
            } catch (IOException e) {
                throw new FetchRefusedException("cannot fetch " + current + ": " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FetchRefusedException("interrupted while fetching " + current);
            }
            try (InputStream body = response.body()) {
                int status = response.statusCode();
                if (status >= 300 && status < 400) {
                    Optional<String> location = response.headers().firstValue("Location");
                    if (location.isEmpty()) {
                        throw new FetchRefusedException("HTTP " + status + " redirect without a Location from " + current);
                    }
                    current = current.resolve(location.get());
                    continue;
                }
                if (status != 200) {
                    throw new FetchRefusedException("HTTP " + status + " from " + current);
                }
                URI fetched = current;
                return BoundedReader.readAtMost(body, maxBytes).orElseThrow(() -> new FetchRefusedException(
                        "TOO_LARGE: " + fetched + " is over " + BoundedReader.megabytes(maxBytes)));
            } catch (IOException e) {
                throw new FetchRefusedException("cannot read " + current + ": " + e);
            }
        }
        throw new FetchRefusedException("more than " + MAX_REDIRECTS + " redirects from " + uri);
    }

    private void checkTarget(URI uri) throws FetchRefusedException {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new FetchRefusedException("only http and https URLs are fetched, not " + uri);
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new FetchRefusedException("URL has no host: " + uri);
        }
        InetAddress[] resolved;
        try {
            resolved = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new FetchRefusedException("unknown host " + host);
        }
        for (InetAddress address : resolved) {
            Optional<String> refusal = addresses.refusal(address);
            if (refusal.isPresent()) {
                throw new FetchRefusedException("host " + host + " resolves to " + address.getHostAddress() + ", which is "
                        + refusal.get() + "; dataset URLs may only reach public addresses");
            }
        }
    }
}
