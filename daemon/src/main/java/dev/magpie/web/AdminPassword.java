package dev.magpie.web;

import dev.magpie.config.SecretException;
import dev.magpie.config.SecretRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * The UI's admin password: from {@code web.admin_password} (a secret reference, hashed in memory at start), else the
 * PBKDF2 hash in {@code <data dir>/web/admin-password} (mode 600) that the first-start page wrote. Never a default:
 * until one is set, only the first-start route and static files answer.
 */
public final class AdminPassword {

    public static final int MIN_LENGTH = 8;

    private final Path file;
    private final boolean fromConfig;
    private final PasswordHasher hasher;
    private volatile String hash;

    private AdminPassword(Path file, boolean fromConfig, String hash, PasswordHasher hasher) {
        this.file = file;
        this.fromConfig = fromConfig;
        this.hash = hash;
        this.hasher = hasher;
    }

    public static AdminPassword open(Optional<SecretRef> configured, Path dataDir, Map<String, String> environment,
                                     PasswordHasher hasher) throws IOException, SecretException {
        Path file = PrivateFiles.folder(dataDir).resolve("admin-password");
        if (configured.isPresent()) {
            char[] password = configured.get().resolve(environment);
            try {
                return new AdminPassword(file, true, hasher.hash(password), hasher);
            } finally {
                Arrays.fill(password, '\0');
            }
        }
        String stored = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8).trim() : null;
        return new AdminPassword(file, false, stored, hasher);
    }

    public boolean isSet() {
        return hash != null;
    }

    public boolean verify(char[] password) {
        String current = hash;
        return current != null && PasswordHasher.verify(password, current);
    }

    /** Sets the password on first start; refused once one is set (change it by deleting the file, or in the config). */
    public synchronized void setFirst(char[] password) throws IOException {
        if (hash != null) {
            throw WebException.conflict("already_set", fromConfig
                    ? "the admin password comes from web.admin_password in the configuration"
                    : "the admin password is already set; to reset it, stop magpie and delete " + file);
        }
        if (password.length < MIN_LENGTH) {
            throw WebException.badRequest("weak_password", "use at least " + MIN_LENGTH + " characters");
        }
        String fresh = hasher.hash(password);
        PrivateFiles.write(file, (fresh + "\n").getBytes(StandardCharsets.UTF_8));
        hash = fresh;
    }
}
