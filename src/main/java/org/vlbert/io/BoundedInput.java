package org.vlbert.io;

import java.io.IOException;
import java.io.InputStream;

/**
 * An input stream of known total length that tracks its position. {@link #available()} is the
 * exact number of bytes left, which lets the unpickler reject impossible length fields before
 * allocating and lets errors say where a stream ended.
 */
final class BoundedInput extends InputStream {
    private final InputStream in;
    private final long length;
    private long position;

    BoundedInput(InputStream in, long length) {
        this.in = in;
        this.length = length;
    }

    long position() {
        return position;
    }

    long length() {
        return length;
    }

    long remaining() {
        return length - position;
    }

    @Override
    public int read() throws IOException {
        if (position >= length) {
            return -1;
        }
        int b = in.read();
        if (b >= 0) {
            position++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        long left = remaining();
        if (left <= 0) {
            return -1;
        }
        int r = in.read(b, off, (int) Math.min(len, left));
        if (r > 0) {
            position += r;
        }
        return r;
    }

    @Override
    public long skip(long n) throws IOException {
        long s = in.skip(Math.min(n, remaining()));
        position += s;
        return s;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining());
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
