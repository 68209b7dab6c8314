package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplaySourceTest {

    @TempDir
    Path dir;

    private final FakePacer pacer = new FakePacer();

    private void images() throws IOException {
        // written out of order: replay goes by name, not by creation time
        Files.write(dir.resolve("frame-03.jpg"), TestJpegs.jpeg(32, 24, 210));
        Files.write(dir.resolve("frame-01.jpg"), TestJpegs.jpeg(32, 24, 20));
        Files.write(dir.resolve("frame-02.jpg"), TestJpegs.jpeg(32, 24, 110));
        Files.writeString(dir.resolve("notes.txt"), "not an image");
    }

    private List<Integer> greys(FrameSource source, int count) throws IOException {
        List<Integer> greys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (Frame frame = source.read()) {
                greys.add(TestJpegs.grey(frame) / 10 * 10);
            }
        }
        return greys;
    }

    @Test
    void replaysInNameOrderAtTheSetRateThenEnds() throws Exception {
        images();
        try (ReplaySource source = new ReplaySource(dir, 10, false, pacer, Clock.systemUTC())) {
            source.open();
            assertThat(greys(source, 3)).containsExactly(20, 110, 210);
            assertThatThrownBy(source::read).isInstanceOf(EndOfStreamException.class);
        }
        assertThat(pacer.sleeps).containsExactly(0L, 100_000_000L, 100_000_000L);
    }

    @Test
    void loopingStartsOverAfterTheLastImage() throws Exception {
        images();
        try (ReplaySource source = new ReplaySource(dir, 5, true, pacer, Clock.systemUTC())) {
            source.open();
            assertThat(greys(source, 5)).containsExactly(20, 110, 210, 20, 110);
        }
    }

    @Test
    void slowConsumerDoesNotCauseABurst() throws Exception {
        images();
        try (ReplaySource source = new ReplaySource(dir, 10, false, pacer, Clock.systemUTC())) {
            source.open();
            source.read().close();
            pacer.advance(1_000_000_000L); // the caller stalled for a second
            source.read().close();
            source.read().close();
        }
        assertThat(pacer.sleeps).containsExactly(0L, 0L, 100_000_000L);
    }

    @Test
    void unreadableFileIsSkippedAndCounted() throws Exception {
        Files.write(dir.resolve("a.jpg"), new byte[] {1, 2, 3});
        Files.write(dir.resolve("b.jpg"), TestJpegs.jpeg(32, 24, 150));
        try (ReplaySource source = new ReplaySource(dir, 10, false, pacer, Clock.systemUTC())) {
            source.open();
            try (Frame frame = source.read()) {
                assertThat(TestJpegs.grey(frame)).isCloseTo(150, within(3));
            }
            assertThat(source.decodeFailures()).isEqualTo(1);
        }
    }

    @Test
    void folderWithoutImagesIsRefused() {
        ReplaySource source = new ReplaySource(dir, 10, false, pacer, Clock.systemUTC());
        assertThatThrownBy(source::open).hasMessageContaining("no images in " + dir);
    }

    @Test
    void videoFileIsRefusedWithAConversionHint() throws Exception {
        Path video = Files.write(dir.resolve("clip.mp4"), new byte[] {0, 0, 0, 0x18});
        ReplaySource source = new ReplaySource(video, 10, false, pacer, Clock.systemUTC());
        assertThatThrownBy(source::open).hasMessageContaining("ffmpeg -i clip.mp4 frames/%06d.jpg");
    }

    @Test
    void singleImageLoops() throws Exception {
        Path image = Files.write(dir.resolve("still.png"), TestJpegs.jpeg(32, 24, 60)); // content, not name, decides
        try (ReplaySource source = new ReplaySource(image, 2, true, pacer, Clock.systemUTC())) {
            source.open();
            assertThat(greys(source, 3)).containsExactly(60, 60, 60);
        }
    }
}
