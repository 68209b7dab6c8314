package dev.magpie.dataset;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the one thing {@link java.util.zip.ZipFile} hides: each entry's Unix file type, stored in the central
 * directory's external attributes. Needed to refuse symbolic-link entries, which an unzip tool would turn into links
 * pointing anywhere on the board.
 */
final class ZipCentralDirectory {

    private static final int END_SIGNATURE = 0x06054b50;
    private static final int ENTRY_SIGNATURE = 0x02014b50;
    private static final int MAX_CENTRAL_DIRECTORY_BYTES = 64 * 1024 * 1024;
    private static final int UNIX_HOST = 3;
    private static final int TYPE_MASK = 0xF000;
    private static final int SYMLINK_TYPE = 0xA000;

    private ZipCentralDirectory() {
    }

    /** Names of the entries marked as symbolic links. Throws for ZIP64 and damaged archives. */
    static Set<String> symlinkEntries(Path zip) throws IOException {
        try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
            long size = channel.size();
            int tailLength = (int) Math.min(size, 22 + 65535);
            ByteBuffer tail = read(channel, size - tailLength, tailLength);
            int end = -1;
            for (int i = tailLength - 22; i >= 0; i--) {
                if (tail.getInt(i) == END_SIGNATURE) {
                    end = i;
                    break;
                }
            }
            if (end < 0) {
                throw new IOException("not a zip archive (no end-of-central-directory record)");
            }
            long directorySize = Integer.toUnsignedLong(tail.getInt(end + 12));
            long directoryOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
            if (directoryOffset == 0xFFFFFFFFL || directorySize == 0xFFFFFFFFL) {
                throw new IOException("ZIP64 archives are not supported; split the dataset into zips under 4 GB");
            }
            if (directorySize > MAX_CENTRAL_DIRECTORY_BYTES || directoryOffset + directorySize > size) {
                throw new IOException("damaged zip archive (central directory out of range)");
            }
            ByteBuffer dir = read(channel, directoryOffset, (int) directorySize);
            Set<String> links = new HashSet<>();
            int pos = 0;
            while (pos + 46 <= directorySize && dir.getInt(pos) == ENTRY_SIGNATURE) {
                int madeBy = Short.toUnsignedInt(dir.getShort(pos + 4));
                int nameLength = Short.toUnsignedInt(dir.getShort(pos + 28));
                int extraLength = Short.toUnsignedInt(dir.getShort(pos + 30));
                int commentLength = Short.toUnsignedInt(dir.getShort(pos + 32));
                int external = dir.getInt(pos + 38);
                if (pos + 46 + nameLength > directorySize) {
                    throw new IOException("damaged zip archive (entry name out of range)");
                }
                byte[] name = new byte[nameLength];
                dir.get(pos + 46, name);
                if ((madeBy >>> 8) == UNIX_HOST && ((external >>> 16) & TYPE_MASK) == SYMLINK_TYPE) {
                    links.add(new String(name, StandardCharsets.UTF_8));
                }
                pos += 46 + nameLength + extraLength + commentLength;
            }
            return links;
        }
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new IOException("zip archive ends early");
            }
        }
        return buffer.flip();
    }
}
