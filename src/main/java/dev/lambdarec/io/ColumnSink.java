package dev.lambdarec.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32;

/** Little-endian values appended to one NPY array; counts what it writes so a wrong length fails loudly. */
public final class ColumnSink {
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32 crc = new CRC32();
    private long bytesWritten;

    ColumnSink(FileChannel channel) {
        this.channel = channel;
    }

    public void putByte(byte value) {
        ensure(1).put(value);
    }

    public void putInt(int value) {
        ensure(4).putInt(value);
    }

    public void putLong(long value) {
        ensure(8).putLong(value);
    }

    public void putFloat(float value) {
        ensure(4).putFloat(value);
    }

    public void putDouble(double value) {
        ensure(8).putDouble(value);
    }

    public void putInts(int[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            putInt(values[i]);
        }
    }

    public void putFloats(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            putFloat(values[i]);
        }
    }

    void putRaw(byte[] bytes) {
        for (byte b : bytes) {
            putByte(b);
        }
    }

    private ByteBuffer ensure(int size) {
        if (buffer.remaining() < size) {
            flush();
        }
        return buffer;
    }

    void flush() {
        buffer.flip();
        crc.update(buffer.duplicate());
        bytesWritten += buffer.remaining();
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    long bytesWritten() {
        return bytesWritten;
    }

    long crc() {
        return crc.getValue();
    }
}
