package org.vlbert.data.convert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.vlbert.data.DataException;

/**
 * Reads a UTF-8 text file line by line, tracking the 1-based line number (for {@code file:line}
 * errors) and the bytes consumed (for progress). Lines end at LF, CR or CRLF. Each line is decoded
 * on its own, so invalid UTF-8 is reported on the right line and the following lines stay
 * readable.
 */
public final class LineInput implements AutoCloseable {
    private final Path file;
    private final CountingInputStream counter;
    private final long size;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int lim;
    private byte[] line = new byte[1 << 12];
    private long lineNumber;

    public LineInput(Path file) {
        this.file = file;
        try {
            this.size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            this.counter = new CountingInputStream(in);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The next line without its terminator, or {@code null} at the end; invalid UTF-8 is a {@link BadInputException}. */
    public String next() {
        int len = 0;
        boolean any = false;
        while (true) {
            if (pos == lim && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            byte b = buf[pos++];
            any = true;
            if (b == '\n') {
                break;
            }
            if (b == '\r') {
                if ((pos < lim || fill()) && buf[pos] == '\n') {
                    pos++;
                }
                break;
            }
            if (len == line.length) {
                line = Arrays.copyOf(line, line.length * 2);
            }
            line[len++] = b;
        }
        lineNumber++;
        try {
            return decoder.decode(ByteBuffer.wrap(line, 0, len)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(location(), "not valid UTF-8");
        }
    }

    /** Like {@link #next()}, but lines that are not valid UTF-8 go to {@code bad} and are passed over. */
    public String next(BadRecords bad) {
        while (true) {
            try {
                return next();
            } catch (BadInputException e) {
                bad.handle(e);
            }
        }
    }

    private boolean fill() {
        try {
            int n = counter.read(buf, 0, buf.length);
            if (n <= 0) {
                return false;
            }
            pos = 0;
            lim = n;
            return true;
        } catch (IOException e) {
            throw new DataException(file + ": read failed (" + e.getMessage() + ")", e);
        }
    }

    public long lineNumber() {
        return lineNumber;
    }

    /** {@code file:line} of the line last returned. */
    public String location() {
        return file + ":" + lineNumber;
    }

    public Path file() {
        return file;
    }

    /** Bytes of the file consumed by the lines returned so far. */
    public long bytesRead() {
        return counter.count() - (lim - pos);
    }

    public long size() {
        return size;
    }

    @Override
    public void close() {
        try {
            counter.close();
        } catch (IOException e) {
            // read-only
        }
    }
}
