package dev.magpie.reliability;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Small images that are unique per seed and easy to tell apart by colour ({@code red} or {@code blue} dominant),
 * so a power-cut run can keep importing new content and still train a model that classifies it.
 */
final class SyntheticImages {

    static final int SIZE = 64;

    private SyntheticImages() {
    }

    static byte[] image(String colour, long seed, String format) {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        boolean red = colour.equals("red");
        g.setColor(red ? new Color(200 + random.nextInt(55), random.nextInt(60), random.nextInt(60))
                : new Color(random.nextInt(60), random.nextInt(60), 200 + random.nextInt(55)));
        g.fillRect(0, 0, SIZE, SIZE);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
            g.fillOval(random.nextInt(SIZE), random.nextInt(SIZE), 4 + random.nextInt(12), 4 + random.nextInt(12));
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
