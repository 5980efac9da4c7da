package org.vlbert.data.convert;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.vlbert.data.DataException;

/**
 * Reads a UTF-8 text file line by line, tracking the 1-based line number (for {@code file:line}
 * errors) and the bytes consumed (for progress). Lines end at LF, CR or CRLF.
 */
public final class LineInput implements AutoCloseable {
    private final Path file;
    private final CountingInputStream counter;
    private final BufferedReader reader;
    private final long size;
    private long lineNumber;

    public LineInput(Path file) {
        this.file = file;
        try {
            this.size = Files.size(file);
            InputStream in = Files.newInputStream(file);
            this.counter = new CountingInputStream(in);
            var decoder = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.reader = new BufferedReader(new InputStreamReader(counter, decoder), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The next line without its terminator, or {@code null} at the end. */
    public String next() {
        try {
            String line = reader.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (CharacterCodingException e) {
            throw new BadInputException(file + ":" + (lineNumber + 1), "not valid UTF-8");
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

    public long bytesRead() {
        return counter.count();
    }

    public long size() {
        return size;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // read-only
        }
    }
}
