package dev.magpie.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens for scripts: {@code mgp_} plus 32 random bytes, shown once at creation. Only the token's SHA-256 is kept,
 * with its name and dates, in {@code <data dir>/web/tokens.json} (mode 600). The CLI writes the file and the running
 * daemon sees new and revoked tokens without a restart (it re-reads the file when its modification time changes).
 * A SHA-256 of a 256-bit random token is enough: there is nothing to brute-force, so no slow hash is needed.
 */
public final class TokenStore {

    /** One token as stored and listed; {@code sha256} never leaves the file. */
    public record Token(String name, String sha256, Instant created, Instant lastUsed) {
        Token used(Instant at) {
            return new Token(name, sha256, created, at);
        }
    }

    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path file;
    private final Clock clock;
    private final ObjectMapper json;
    private Map<String, Token> byHash = new LinkedHashMap<>();
    private Stamp loaded;

    /**
     * What identifies one version of the file. The modification time alone is not enough: the kernel stamps files
     * with a coarse clock, so a revoke by {@code magpie token revoke} a few milliseconds after this store wrote the
     * file can carry the same time, and a revoked token would keep working. Each write renames a new file into
     * place, so its file key (the inode) changes too.
     */
    private record Stamp(FileTime modified, long size, Object fileKey) {
        static Stamp of(Path file) throws IOException {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        }
    }

    public TokenStore(Path dataDir, Clock clock) {
        try {
            this.file = PrivateFiles.folder(dataDir).resolve("tokens.json");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dataDir.resolve("web") + ": " + e.getMessage(), e);
        }
        this.clock = clock;
        this.json = new ObjectMapper().findAndRegisterModules();
    }

    /** Creates a token and returns it in full; this is the only time it can be seen. */
    public synchronized String create(String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw WebException.badRequest("invalid_token_name", "token names are 1-64 characters of A-Z a-z 0-9 _ . -");
        }
        reloadIfChanged();
        if (find(name).isPresent()) {
            throw WebException.conflict("token_exists", "a token named " + name + " exists; revoke it first or pick another name");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = "mgp_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Token stored = new Token(name, sha256(token), clock.instant(), null);
        byHash.put(stored.sha256(), stored);
        save();
        return token;
    }

    public synchronized List<Token> list() throws IOException {
        reloadIfChanged();
        return List.copyOf(byHash.values());
    }

    /** Removes the named token; false when there is none. */
    public synchronized boolean revoke(String name) throws IOException {
        reloadIfChanged();
        Optional<Token> token = find(name);
        if (token.isEmpty()) {
            return false;
        }
        byHash.remove(token.get().sha256());
        save();
        return true;
    }

    /** The name of the token, when {@code presented} is a live one; records its use (to the minute). */
    public synchronized Optional<String> verify(String presented) {
        if (presented == null || presented.isEmpty() || presented.length() > 200) {
            return Optional.empty();
        }
        try {
            reloadIfChanged();
        } catch (IOException e) {
            return Optional.empty();
        }
        Token token = byHash.get(sha256(presented));
        if (token == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (token.lastUsed() == null || Duration.between(token.lastUsed(), now).compareTo(LAST_USED_RESOLUTION) >= 0) {
            byHash.put(token.sha256(), token.used(now));
            try {
                save();
            } catch (IOException e) {
                // last-used is informational; a read-only data dir must not lock scripts out
            }
        }
        return Optional.of(token.name());
    }

    private Optional<Token> find(String name) {
        return byHash.values().stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private void reloadIfChanged() throws IOException {
        if (!Files.exists(file)) {
            byHash = new LinkedHashMap<>();
            loaded = null;
            return;
        }
        Stamp stamp = Stamp.of(file);
        if (stamp.equals(loaded)) {
            return;
        }
        List<Token> tokens = json.readValue(file.toFile(), new TypeReference<List<Token>>() { });
        Map<String, Token> fresh = new LinkedHashMap<>();
        for (Token token : tokens) {
            fresh.put(token.sha256(), token);
        }
        byHash = fresh;
        loaded = stamp;
    }

    private void save() throws IOException {
        PrivateFiles.write(file, json.writerWithDefaultPrettyPrinter().writeValueAsBytes(new ArrayList<>(byHash.values())));
        loaded = Stamp.of(file);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
