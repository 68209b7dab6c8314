package dev.magpie.config;

/**
 * TLS for an {@code ssl://} broker. All optional: with none set, the broker's certificate is checked against the
 * system trust store.
 *
 * @param caFile PEM file of the CA that signed the broker's certificate (a private CA, a self-signed broker)
 * @param certFile PEM client certificate, for brokers that want one; needs key_file
 * @param keyFile PEM private key of cert_file (unencrypted PKCS#8); needs cert_file
 */
public record TlsConfig(String caFile, String certFile, String keyFile) {

    public TlsConfig {
        if (certFile != null && keyFile == null) {
            throw new InvalidValueException("cert_file", certFile, "needs key_file too (the certificate's private key)");
        }
        if (keyFile != null && certFile == null) {
            throw new InvalidValueException("key_file", keyFile, "needs cert_file too (the client certificate)");
        }
    }

    public static TlsConfig defaults() {
        return new TlsConfig(null, null, null);
    }

    /** Whether any TLS setting is given. */
    public boolean isEmpty() {
        return caFile == null && certFile == null && keyFile == null;
    }
}
