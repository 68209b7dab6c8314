package dev.magpie.pipeline;

import dev.magpie.learn.Classifier;
import dev.magpie.learn.ModelRegistry;
import dev.magpie.vision.Embedder;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model versions in use: the current one (what zones with {@code model: current} use) and any version a zone
 * pins. A swap loads the new head first, outside any lock, then replaces the reference under a brief write lock,
 * then closes the old one: inference never waits for a load and never runs on a closed model, so a hot swap drops no
 * frames.
 */
public final class LoadedModels implements AutoCloseable {

    /** The name zones use for "whatever version is current". */
    public static final String CURRENT = "current";

    private static final Logger log = LoggerFactory.getLogger(LoadedModels.class);

    private final ModelRegistry registry;
    private final Embedder embedder;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Classifier> pinned = new HashMap<>();
    private Classifier current;

    public LoadedModels(ModelRegistry registry, Embedder embedder) throws IOException {
        this.registry = registry;
        this.embedder = embedder;
        Optional<String> version = registry.current();
        if (version.isPresent()) {
            current = Classifier.load(registry, version.get(), embedder);
        }
    }

    /**
     * Runs {@code use} with the classifier for {@code version} ({@link #CURRENT} or a pinned version), or returns
     * empty when there is none yet (nothing trained). Pinned versions are loaded on first use.
     */
    public <T> Optional<T> with(String version, Function<Classifier, T> use) throws IOException {
        if (!CURRENT.equals(version)) {
            ensurePinned(version);
        }
        lock.readLock().lock();
        try {
            Classifier classifier = CURRENT.equals(version) ? current : pinned.get(version);
            return classifier == null ? Optional.empty() : Optional.of(use.apply(classifier));
        } finally {
            lock.readLock().unlock();
        }
    }

    public Optional<String> currentVersion() {
        lock.readLock().lock();
        try {
            return current == null ? Optional.empty() : Optional.of(current.version());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Makes the registry's current version the one in use (after promote or rollback). A no-op if it already is. */
    public void followRegistry() throws IOException {
        Optional<String> wanted = registry.current();
        if (wanted.isEmpty() || wanted.equals(currentVersion())) {
            return;
        }
        Classifier loaded = Classifier.load(registry, wanted.get(), embedder);
        Classifier old;
        lock.writeLock().lock();
        try {
            old = current;
            current = loaded;
        } finally {
            lock.writeLock().unlock();
        }
        log.info("Now using model {} (was {})", loaded.version(), old == null ? "none" : old.version());
        if (old != null) {
            old.close();
        }
    }

    private void ensurePinned(String version) throws IOException {
        lock.readLock().lock();
        try {
            if (pinned.containsKey(version)) {
                return;
            }
        } finally {
            lock.readLock().unlock();
        }
        Classifier loaded = Classifier.load(registry, version, embedder);
        lock.writeLock().lock();
        try {
            Classifier raced = pinned.putIfAbsent(version, loaded);
            if (raced != null) {
                loaded.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (current != null) {
                current.close();
                current = null;
            }
            for (Classifier classifier : pinned.values()) {
                classifier.close();
            }
            pinned.clear();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
