package dev.magpie.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.magpie.dataset.DatasetStore;
import dev.magpie.dataset.LabelName;
import dev.magpie.dataset.Split;
import dev.magpie.dataset.StoredImage;
import dev.magpie.testing.TestImages;
import dev.magpie.vision.ImageDecoder;
import dev.magpie.vision.ImageLimits;
import dev.magpie.vision.NativeLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

class BoxImportTest {

    @TempDir
    Path dataDir;

    @BeforeAll
    static void openCv() {
        NativeLibraries.loadOpenCv();
    }

    @Test
    void readsCustomVisionLeftTopWidthHeight() {
        BoxCsv.Parsed parsed = BoxCsv.parse("file,label,left,top,width,height\nfork/fork_1.jpg,fork,0.1,0.2,0.5,0.25\n"
                + "x.jpg,fork,0.8,0.2,0.5,0.25\n");
        assertThat(parsed.boxes()).containsExactly(new BoxAnnotation("fork/fork_1.jpg", "fork", new Box(0.1, 0.2, 0.5, 0.25), Split.UNASSIGNED));
        assertThat(parsed.problems()).singleElement().asString().startsWith("line 3: box");
    }

    @Test
    void readsAutoMlWithAndWithoutTheSetColumnAndReportsBadLines() {
        BoxCsv.Parsed parsed = BoxCsv.parse("""
                TRAIN,gs://b/a.jpg,Salad,0.1,0.2,,,0.5,0.6,,
                gs://b/b.jpg,Tomato,0.3,0.3,0.6,0.3,0.6,0.9,0.3,0.9
                TEST,gs://b/c.jpg,Tomato,0.5,0.2,,,0.4,0.6,,
                SOMETIMES,gs://b/d.jpg,Tomato,0.1,0.2,,,0.5,0.6,,
                gs://b/e.jpg,bad label,0.1,0.2,,,0.5,0.6,,
                """);
        assertThat(parsed.boxes()).hasSize(2);
        BoxAnnotation first = parsed.boxes().get(0);
        assertThat(first.split()).isEqualTo(Split.TRAIN);
        assertThat(first.relative().x()).isEqualTo(0.1);
        assertThat(first.relative().width()).isCloseTo(0.4, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(parsed.boxes().get(1).relative().height()).isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(parsed.problems()).hasSize(3);
        assertThat(parsed.problems().get(0)).startsWith("line 3:");
        assertThat(parsed.problems().get(1)).startsWith("line 4: unknown set 'SOMETIMES'");
        assertThat(parsed.problems().get(2)).startsWith("line 5: invalid label name");
    }

    @Test
    void storesBoxCropsAndBackgroundCropsWithTheirSourceAndKeepsThePhoto() throws Exception {
        Mat photo = new Mat(300, 400, CvType.CV_8UC3, new Scalar(200, 200, 200));
        Imgproc.rectangle(photo, new Point(40, 60), new Point(200, 120), new Scalar(20, 40, 200), -1);
        byte[] bytes = TestImages.encode(photo, ".jpg");
        photo.release();
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULT);
        try (DatasetStore store = DatasetStore.open(dataDir, decoder)) {
            BoxCropImporter importer = new BoxCropImporter(store, decoder, 3, 0.3, 1);
            BoxAnnotation box = new BoxAnnotation("p.jpg", "brick", new Box(0.1, 0.2, 0.4, 0.2), Split.UNASSIGNED);
            BoxCropImporter.PhotoImport result = importer.importPhoto(bytes, "p.jpg", List.of(box), Split.TRAIN);

            assertThat(result.boxCrops()).allMatch(r -> r.stored());
            assertThat(result.backgroundCrops()).hasSize(3).allMatch(r -> r.stored());
            List<StoredImage> bricks = store.images(LabelName.of("brick"));
            assertThat(bricks).singleElement().satisfies(i -> {
                assertThat(i.source()).isEqualTo("detection/photos/" + result.photoSha256() + ".jpg#box=0.1000,0.2000,0.4000,0.2000 (p.jpg)");
                assertThat(i.width()).isEqualTo(i.height()).isEqualTo(160);
                assertThat(i.split()).isEqualTo(Split.TRAIN);
            });
            assertThat(store.images(LabelName.NONE)).hasSize(3);
            assertThat(Files.readAllBytes(dataDir.resolve("detection/photos/" + result.photoSha256() + ".jpg"))).isEqualTo(bytes);
            assertThat(Files.readString(dataDir.resolve("detection/photos/" + result.photoSha256() + ".json"))).contains("\"brick\"");
        }
    }

    @Test
    void backgroundBoxesStayAwayFromTheBoxes() {
        BoxCropImporter importer = new BoxCropImporter(null, null, 50, 0.3, 7);
        Box object = new Box(100, 100, 200, 100);
        List<Box> background = importer.backgroundBoxes(List.of(object), 640, 480);
        assertThat(background).hasSize(50).allMatch(b -> b.iou(object) <= 0.3 && b.right() <= 640 && b.bottom() <= 480);
    }
}
