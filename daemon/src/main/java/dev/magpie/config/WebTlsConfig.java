package dev.magpie.config;

/**
 * HTTPS for the web UI. With a keystore the server speaks only HTTPS and session cookies are marked Secure.
 *
 * @param keystoreFile a PKCS#12 (.p12) or JKS keystore holding the server's key and certificate chain
 * @param keystorePassword the keystore's password as a secret reference; needs keystore_file
 */
public record WebTlsConfig(String keystoreFile, SecretRef keystorePassword) {

    public WebTlsConfig {
        if (keystorePassword != null && keystoreFile == null) {
            throw new InvalidValueException("keystore_password", keystorePassword, "needs keystore_file too");
        }
        if (keystoreFile != null && keystorePassword == null) {
            throw new InvalidValueException("keystore_file", keystoreFile,
                    "needs keystore_password too, e.g. keystore_password: {file: /etc/magpie/keystore-password}");
        }
    }

    public static WebTlsConfig defaults() {
        return new WebTlsConfig(null, null);
    }

    public boolean enabled() {
        return keystoreFile != null;
    }
}
