package dev.magpie.vision;

import java.util.List;
import org.opencv.core.Mat;

/** Finds objects in a frame. Implementations own native sessions: close them. Safe to call from several threads. */
public interface Detector extends AutoCloseable {

    /** The detections in a BGR frame, best first, boxes in the frame's pixels. The frame is not modified or released. */
    List<Detection> detect(Mat bgr);

    /** The class names this detector knows, index = {@link Detection#classIndex()}. */
    List<String> classNames();

    @Override
    void close();
}
