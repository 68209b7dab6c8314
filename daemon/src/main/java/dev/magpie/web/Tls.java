package dev.magpie.web;

import dev.magpie.config.SecretException;
import dev.magpie.config.WebConfig;
import java.util.Arrays;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** The HTTPS connector made from {@code web.tls}: the keystore's password is resolved here and not kept as a String. */
final class Tls {

    private Tls() {
    }

    static ServerConnector connector(Server server, HttpConfiguration http, WebConfig config, Map<String, String> environment) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(config.tls().keystoreFile());
        char[] password;
        try {
            password = config.tls().keystorePassword().resolve(environment);
        } catch (SecretException e) {
            throw new IllegalStateException("web.tls.keystore_password: " + e.getMessage(), e);
        }
        ssl.setKeyStorePassword(new String(password));
        Arrays.fill(password, '\0');
        HttpConfiguration https = new HttpConfiguration(http);
        https.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        connector.setHost(config.bind());
        connector.setPort(config.port());
        return connector;
    }
}
