package org.vlbert.data.convert;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.vlbert.data.DataException;

/** Sizes of converter inputs (the totals of progress reports), with errors that name the file. */
public final class InputFiles {
    private InputFiles() {}

    public static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        } catch (IOException e) {
            throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    public static long totalSize(List<Path> files) {
        long total = 0;
        for (Path f : files) {
            total += size(f);
        }
        return total;
    }
}
