package org.vlbert.data.arrow;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.pojo.Schema;
import org.vlbert.data.DataException;

/**
 * Writes rows into an Arrow IPC file in record batches of bounded size. The file is written under
 * a temporary name ({@code .NAME.partial}) and renamed into place only by {@link #commit()}, so an
 * interrupted conversion never leaves a file that looks complete; {@link #close()} without a
 * commit deletes the partial file.
 *
 * <p>Usage: fill row {@link #row()} of {@link #root()} (see {@link Columns}), call {@link #endRow()},
 * repeat, then {@link #commit()}.
 */
public final class ArrowSink implements AutoCloseable {
    /** Default batch size bound: large enough for efficient IO, small enough for bounded memory. */
    public static final long DEFAULT_BATCH_BYTES = 64L << 20;
    private static final int MAX_BATCH_ROWS = 1 << 16;

    private final Path target;
    private final Path partial;
    private final BufferAllocator allocator;
    private final VectorSchemaRoot root;
    private final FileChannel channel;
    private final ArrowFileWriter writer;
    private final long batchBytes;
    private int row;
    private long rows;
    private boolean done;
    private boolean released;

    private ArrowSink(Path target, Schema schema, long batchBytes) throws IOException {
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling("." + this.target.getFileName() + ".partial");
        this.batchBytes = batchBytes;
        Path dir = this.target.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        this.allocator = new RootAllocator(Long.MAX_VALUE);
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.root.allocateNew();
        this.channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        this.writer = new ArrowFileWriter(root, null, channel);
        this.writer.start();
    }

    public static ArrowSink create(Path target, Schema schema) {
        return create(target, schema, DEFAULT_BATCH_BYTES);
    }

    public static ArrowSink create(Path target, Schema schema, long batchBytes) {
        try {
            return new ArrowSink(target, schema, batchBytes);
        } catch (IOException e) {
            throw new DataException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    public VectorSchemaRoot root() {
        return root;
    }

    /** The row of the current batch being filled. */
    public int row() {
        return row;
    }

    /** Rows completed so far. */
    public long rows() {
        return rows;
    }

    /** Completes the current row; writes the batch out when it reached the size bound. */
    public void endRow() {
        row++;
        rows++;
        if (row >= MAX_BATCH_ROWS || bufferedBytes() >= batchBytes) {
            flush();
        }
    }

    /**
     * Bytes of the rows filled so far. The vectors' value counts are set only when the batch is
     * written, and {@code getBufferSize()} reads them (it would stay 0), so measure by row count.
     */
    private long bufferedBytes() {
        long total = 0;
        for (FieldVector v : root.getFieldVectors()) {
            total += v.getBufferSizeFor(row);
        }
        return total;
    }

    private void flush() {
        if (row == 0) {
            return;
        }
        root.setRowCount(row);
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new DataException("cannot write " + partial + ": " + e.getMessage(), e);
        }
        root.clear();
        root.allocateNew();
        row = 0;
    }

    /** Writes the last batch and the footer, syncs and renames the file into place; returns its size. */
    public long commit() {
        if (done) {
            throw new IllegalStateException("already committed or closed");
        }
        flush();
        try {
            writer.end();
            channel.force(true);
            writer.close();
            channel.close();
            try {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
            return Files.size(target);
        } catch (IOException e) {
            throw new DataException("cannot finish " + target + ": " + e.getMessage(), e);
        } finally {
            release();
        }
    }

    public Path target() {
        return target;
    }

    /** Abandons an uncommitted file (deleting the partial output); no-op after {@link #commit()}. */
    @Override
    public void close() {
        if (done) {
            return;
        }
        done = true;
        try {
            writer.close();
        } catch (RuntimeException e) {
            // the writer may already be broken; the partial file is deleted below either way
        }
        try {
            channel.close();
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // nothing more to clean up
        } finally {
            release();
        }
    }

    private void release() {
        if (released) {
            return;
        }
        released = true;
        root.close();
        allocator.close();
    }
}
