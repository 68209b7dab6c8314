package dev.magpie.learn;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.Embedding;
import dev.magpie.dataset.StoredImage;
import dev.magpie.vision.Augmenter;
import dev.magpie.vision.DecodedImage;
import dev.magpie.vision.Embedder;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageRejectedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.opencv.core.Mat;

/**
 * Embeddings of dataset images and their augmented views, computed once and kept in the store's cache, so a retrain
 * costs only the images added since the last one. The original (view 0) is keyed by backbone id and view number; an
 * augmented view also by {@link Augmenter#version()} (crop rule and seed), so views cached under another augmentation
 * rule or seed are recomputed rather than silently reused.
 */
public final class DatasetEmbeddings {

    /** One image and how many augmented views of it are needed (0: the original only). */
    public record Request(StoredImage image, int augmentedViews) {
    }

    private final DatasetStore store;
    private final ImageDecoder decoder;
    private final Embedder embedder;
    private final Augmenter augmenter;
    private final int batchSize;

    public DatasetEmbeddings(DatasetStore store, ImageDecoder decoder, Embedder embedder, Augmenter augmenter, int batchSize) {
        this.store = store;
        this.decoder = decoder;
        this.embedder = embedder;
        this.augmenter = augmenter;
        this.batchSize = batchSize;
    }

    /**
     * Returns, per image sha256, the original's embedding at index 0 followed by its augmented views. Missing ones are
     * computed in batches and written to the cache as each batch finishes, so an interrupted run keeps its progress.
     */
    public Map<String, float[][]> embed(List<Request> requests, ProgressListener listener) {
        Map<String, float[][]> result = new HashMap<>();
        List<Request> missing = new ArrayList<>();
        long total = 0;
        for (Request request : requests) {
            float[][] views = new float[1 + request.augmentedViews()][];
            boolean complete = true;
            for (int view = 0; view < views.length; view++) {
                views[view] = store.cachedEmbedding(request.image().sha256(), cacheId(view), view).orElse(null);
                complete &= views[view] != null;
            }
            result.put(request.image().sha256(), views);
            if (!complete) {
                missing.add(request);
                total += views.length;
            }
        }
        long done = 0;
        listener.progress(ProgressListener.Phase.EMBEDDING, 0, total);
        List<Mat> batch = new ArrayList<>();
        List<Embedding> keys = new ArrayList<>();
        for (Request request : missing) {
            String sha = request.image().sha256();
            float[][] views = result.get(sha);
            try (DecodedImage image = decoder.decode(store.readBytes(request.image()))) {
                for (int view = 0; view < views.length; view++) {
                    if (views[view] == null) {
                        batch.add(augmenter.view(image.bgr(), sha, view));
                        keys.add(new Embedding(sha, cacheId(view), view, null));
                    }
                }
            } catch (ImageRejectedException e) {
                // Stored images were checked on the way in; one that fails now was damaged on disk. Say which.
                throw new IllegalStateException("stored image " + request.image().fileName() + " can no longer be decoded ("
                        + e.getMessage() + "); delete it with 'magpie dataset' tools or restore it from a backup", e);
            }
            if (batch.size() >= batchSize) {
                done += flush(batch, keys, result);
                listener.progress(ProgressListener.Phase.EMBEDDING, done, total);
            }
        }
        done += flush(batch, keys, result);
        listener.progress(ProgressListener.Phase.EMBEDDING, done, total);
        return result;
    }

    /** The embedder id a view's embedding is cached under. */
    String cacheId(int view) {
        return view == 0 ? embedder.id() : embedder.id() + "+" + augmenter.version();
    }

    private int flush(List<Mat> batch, List<Embedding> keys, Map<String, float[][]> result) {
        if (batch.isEmpty()) {
            return 0;
        }
        List<Embedding> computed = new ArrayList<>(batch.size());
        try {
            List<float[]> vectors = embedder.embedAll(batch);
            for (int i = 0; i < vectors.size(); i++) {
                Embedding key = keys.get(i);
                result.get(key.sha256())[key.view()] = vectors.get(i);
                computed.add(new Embedding(key.sha256(), key.embedderId(), key.view(), vectors.get(i)));
            }
        } finally {
            for (Mat mat : batch) {
                mat.release();
            }
        }
        store.putEmbeddings(computed);
        int count = batch.size();
        batch.clear();
        keys.clear();
        return count;
    }
}
