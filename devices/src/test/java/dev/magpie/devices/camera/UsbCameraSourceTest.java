package dev.magpie.devices.camera;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UsbCameraSourceTest {

    @Test
    void missingDeviceIsRefusedWithAHint() {
        UsbCameraSource source = new UsbCameraSource("/dev/video97", 640, 480, 15);
        assertThatThrownBy(source::open)
                .hasMessage("no camera at /dev/video97: is it plugged in? (ls /dev/video*)");
    }

    @Test
    void indexMeansTheMatchingDevicePath() {
        UsbCameraSource source = new UsbCameraSource("98", 640, 480, 15);
        assertThatThrownBy(source::open).hasMessageContaining("no camera at /dev/video98");
    }

    @Test
    void nonsenseSettingsAreRefusedAtConstruction() {
        assertThatThrownBy(() -> new UsbCameraSource("/dev/video0", 640, 480, 0)).hasMessageContaining("fps");
        assertThatThrownBy(() -> new UsbCameraSource("", 640, 480, 15)).hasMessageContaining("/dev/video0");
    }
}
