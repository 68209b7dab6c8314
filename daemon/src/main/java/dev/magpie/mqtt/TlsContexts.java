package dev.magpie.mqtt;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** Turns {@link MqttTls} into a socket factory; every failure names the file that caused it. */
final class TlsContexts {

    private TlsContexts() {
    }

    static SSLSocketFactory socketFactory(MqttTls tls) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            if (tls.caFile() != null) {
                trust.init(caStore(tls.caFile()));
            } else if (tls.trustStore() != null) {
                trust.init(load(tls.trustStore(), tls.trustStorePassword()));
            } else {
                trust.init((KeyStore) null); // the JVM's own CAs: a broker with a public certificate
            }
            KeyManagerFactory keys = null;
            if (tls.clientCertFile() != null) {
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] none = new char[0];
                keys.init(clientStore(tls.clientCertFile(), tls.clientKeyFile(), none), none);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("mqtt.tls: cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    private static KeyStore caStore(Path caFile) throws GeneralSecurityException {
        KeyStore store = emptyStore();
        int i = 0;
        for (Certificate certificate : certificates(caFile)) {
            store.setCertificateEntry("ca-" + i++, certificate);
        }
        if (i == 0) {
            throw new IllegalArgumentException("mqtt.tls.ca_file = " + caFile + ": no certificate in it");
        }
        return store;
    }

    private static KeyStore clientStore(Path certFile, Path keyFile, char[] password)
            throws GeneralSecurityException {
        Certificate[] chain = certificates(certFile).toArray(Certificate[]::new);
        byte[] der = pemBody(keyFile, "PRIVATE KEY");
        PrivateKey key = null;
        for (String algorithm : new String[]{"RSA", "EC", "Ed25519"}) {
            try {
                key = KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException notThisOne) {
                // PKCS#8 does not say which algorithm before parsing; try the next one.
            }
        }
        if (key == null) {
            throw new IllegalArgumentException("mqtt.tls.client_key = " + keyFile
                    + ": not an unencrypted PKCS#8 RSA/EC/Ed25519 key (convert with openssl pkcs8 -topk8 -nocrypt)");
        }
        KeyStore store = emptyStore();
        store.setKeyEntry("client", key, password, chain);
        return store;
    }

    private static Collection<? extends Certificate> certificates(Path file) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("mqtt.tls: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] pemBody(Path file, String type) {
        try {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + type + "-----";
            int start = pem.indexOf(begin);
            int end = pem.indexOf("-----END " + type + "-----");
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("mqtt.tls.client_key = " + file + ": no '" + begin + "' block"
                        + " (convert with openssl pkcs8 -topk8 -nocrypt)");
            }
            return Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        } catch (IOException e) {
            throw new IllegalArgumentException("mqtt.tls: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path file, char[] password) throws GeneralSecurityException {
        try {
            return KeyStore.getInstance(file.toFile(), password);
        } catch (IOException e) {
            throw new IllegalArgumentException("mqtt.tls.trust_store = " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return store;
    }
}
