package dev.magpie.dataset;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds test archives, including hostile ones that ordinary zip tools refuse to make. */
final class ZipBuilder {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ZipOutputStream zip = new ZipOutputStream(bytes);
    private final Set<String> symlinks = new HashSet<>();

    ZipBuilder add(String name, byte[] content) {
        try {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(content);
            zip.closeEntry();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry whose Unix mode marks it as a symbolic link to {@code target}, as {@code zip -y} writes it. */
    ZipBuilder symlink(String name, String target) {
        symlinks.add(name);
        return add(name, target.getBytes(StandardCharsets.UTF_8));
    }

    Path writeTo(Path file) {
        try {
            zip.close();
            byte[] data = bytes.toByteArray();
            markSymlinks(data);
            Files.write(file, data);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void markSymlinks(byte[] data) {
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int pos = 0; pos + 46 < data.length; pos++) {
            if (buf.getInt(pos) != 0x02014b50) {
                continue;
            }
            int nameLength = Short.toUnsignedInt(buf.getShort(pos + 28));
            String name = new String(data, pos + 46, nameLength, StandardCharsets.UTF_8);
            if (symlinks.contains(name)) {
                data[pos + 5] = 3;                       // made by: Unix
                buf.putInt(pos + 38, 0120777 << 16);    // mode: symbolic link, rwxrwxrwx
            }
        }
    }
}
