package dev.magpie.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a password lives; never the password itself. Written in YAML as exactly one of
 * {@code {env: MQTT_PASSWORD}}, {@code {file: /etc/magpie/mqtt-password}} or {@code {credential: mqtt-password}}
 * (systemd {@code LoadCredential=mqtt-password:/path}, read from {@code $CREDENTIALS_DIRECTORY/mqtt-password}).
 * A literal string is refused by the loader, so a config file can be shared, committed or pasted into a bug report.
 *
 * <p>The value is read only by {@link #resolve}, each time it is called, and never kept: {@link #toString()} shows
 * where the secret comes from, not what it is.
 *
 * <p>A {@code file} secret whose permissions go beyond {@code 0640} (owner read/write, group read) is refused, not
 * warned about: the password has already leaked to every local user, a warning in a daemon's log is easily missed,
 * and ssh treats private keys the same way. {@code chmod 600 FILE} (or {@code 640} with group {@code magpie}) fixes it.
 *
 * @param key the key path it was configured at, such as {@code mqtt.password}; used in error messages
 * @param env the name of an environment variable holding the secret
 * @param file a file holding the secret (one trailing newline is ignored)
 * @param credential the name of a systemd credential
 */
public record SecretRef(String key, String env, String file, String credential) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CREDENTIAL_NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,255}");
    private static final Set<PosixFilePermission> ALLOWED = EnumSet.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ);

    public SecretRef {
        key = key == null ? "secret" : key;
        int set = (env != null ? 1 : 0) + (file != null ? 1 : 0) + (credential != null ? 1 : 0);
        if (set != 1) {
            throw new InvalidValueException("", null, "a secret is exactly one of {env: NAME}, {file: /path} or {credential: NAME}");
        }
        if (env != null && !ENV_NAME.matcher(env).matches()) {
            throw new InvalidValueException("env", env, "not an environment variable name; use letters, digits and _");
        }
        if (file != null && file.isBlank()) {
            throw new InvalidValueException("file", file, "give the path of a file holding the secret");
        }
        if (credential != null && !CREDENTIAL_NAME.matcher(credential).matches()) {
            throw new InvalidValueException("credential", credential,
                    "not a systemd credential name (the part before ':' in LoadCredential=NAME:/path)");
        }
    }

    public static SecretRef ofEnv(String key, String name) {
        return new SecretRef(key, name, null, null);
    }

    public static SecretRef ofFile(String key, String path) {
        return new SecretRef(key, null, path, null);
    }

    public static SecretRef ofCredential(String key, String name) {
        return new SecretRef(key, null, null, name);
    }

    /** Reads the secret from this process's environment and files. */
    public char[] resolve() throws SecretException {
        return resolve(System.getenv());
    }

    /**
     * Reads the secret.
     *
     * @param environment the environment to read {@code env} secrets and {@code CREDENTIALS_DIRECTORY} from
     * @return a fresh array the caller should clear once used
     */
    public char[] resolve(Map<String, String> environment) throws SecretException {
        if (env != null) {
            String value = environment.get(env);
            if (value == null) {
                throw new SecretException(key + ": environment variable " + env + " is not set; set it in the service's"
                        + " environment (systemd: Environment= or EnvironmentFile=), or use {file: ...} or {credential: ...}");
            }
            return value.toCharArray();
        }
        if (file != null) {
            Path path = Path.of(file);
            checkPermissions(path);
            return read(path, "file " + path);
        }
        String dir = environment.get("CREDENTIALS_DIRECTORY");
        if (dir == null) {
            throw new SecretException(key + ": credential '" + credential + "' needs $CREDENTIALS_DIRECTORY, which systemd sets"
                    + " for a unit with LoadCredential=" + credential + ":/path/to/secret; it is not set (not started by systemd?)");
        }
        return read(Path.of(dir, credential), "credential '" + credential + "' (" + Path.of(dir, credential) + ")");
    }

    /** {@link #resolve(Map)} as a String, for libraries that take nothing else. */
    public String resolveString(Map<String, String> environment) throws SecretException {
        char[] chars = resolve(environment);
        try {
            return new String(chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private void checkPermissions(Path path) throws SecretException {
        Set<PosixFilePermission> perms;
        try {
            perms = Files.getPosixFilePermissions(path);
        } catch (UnsupportedOperationException e) {
            return; // not a POSIX file system: nothing to check
        } catch (NoSuchFileException e) {
            throw new SecretException(key + ": file " + path + " does not exist");
        } catch (IOException e) {
            throw new SecretException(key + ": cannot read file " + path + ": " + e.getMessage(), e);
        }
        Set<PosixFilePermission> extra = EnumSet.noneOf(PosixFilePermission.class);
        extra.addAll(perms);
        extra.removeAll(ALLOWED);
        if (!extra.isEmpty()) {
            throw new SecretException(key + ": file " + path + " has permissions " + mode(perms)
                    + ", wider than 0640, so other users may read the secret; run: chmod 600 " + path);
        }
    }

    private char[] read(Path path, String what) throws SecretException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SecretException(key + ": " + what + " does not exist");
        } catch (IOException e) {
            throw new SecretException(key + ": cannot read " + what + ": " + e.getMessage(), e);
        }
        CharBuffer decoded = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes));
        Arrays.fill(bytes, (byte) 0);
        int length = decoded.limit();
        if (length > 0 && decoded.get(length - 1) == '\n') {
            length--;
            if (length > 0 && decoded.get(length - 1) == '\r') {
                length--;
            }
        }
        char[] chars = new char[length];
        decoded.get(chars, 0, length);
        Arrays.fill(decoded.array(), '\0');
        return chars;
    }

    private static String mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= 1 << (8 - p.ordinal());
        }
        return String.format("0%03o", mode);
    }

    /** Where the secret comes from, as it is written in YAML; never the secret. */
    @Override
    public String toString() {
        if (env != null) {
            return "{env: " + env + "}";
        }
        return file != null ? "{file: " + file + "}" : "{credential: " + credential + "}";
    }
}
