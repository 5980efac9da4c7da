package org.vlbert.data.arrow;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.ForeignAllocation;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.ArrowBlock;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.ipc.message.MessageMetadataResult;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.vlbert.data.DataException;
import org.vlbert.data.schema.FileKind;
import org.vlbert.data.schema.SchemaMeta;

/**
 * An Arrow IPC file opened for zero-copy reading. The footer and each record batch's small
 * metadata are read normally; the batch bodies are memory-mapped and handed to Arrow as foreign
 * memory, so vector buffers are slices of the page cache and {@code ArrowBuf.nioBuffer(..)} gives
 * direct ByteBuffers over the file without a copy. Each batch is mapped on its own (a single
 * mapping is limited to 2 GiB; files of region features are far larger).
 *
 * <p>All file IO happens in {@link #open}: it reads every batch's metadata and maps every body
 * (mapping reserves address space, pages are read on access). Loader threads then only build
 * vectors over memory; they are interrupted when a stream closes, and an interrupt during channel
 * IO would close the channel for every thread. Vectors of a batch are built on first use and kept
 * until {@link #close()}. Thread-safe.
 */
public final class MappedArrowFile implements AutoCloseable {
    private final Path path;
    private final BufferAllocator allocator;
    private final Schema schema;
    private final long[] batchStarts;
    private final AtomicReferenceArray<VectorSchemaRoot> loaded;
    private final MessageMetadataResult[] headers;
    private final MappedByteBuffer[] bodies;
    private final long rowCount;
    private boolean closed;

    private MappedArrowFile(Path path, FileKind expected) throws IOException {
        this.path = path;
        this.allocator = new RootAllocator(Long.MAX_VALUE);
        try {
            List<ArrowBlock> blocks;
            // the reader closes its channel; batches are read through a second one
            try (FileChannel footerChannel = FileChannel.open(path, StandardOpenOption.READ);
                 ArrowFileReader reader = new ArrowFileReader(footerChannel, allocator)) {
                this.schema = reader.getVectorSchemaRoot().getSchema();
                blocks = reader.getRecordBlocks();
            }
            checkKind(path, schema, expected);
            int n = blocks.size();
            this.headers = new MessageMetadataResult[n];
            this.bodies = new MappedByteBuffer[n];
            this.batchStarts = new long[n + 1];
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                for (int b = 0; b < n; b++) {
                    headers[b] = readHeader(channel, blocks.get(b));
                    bodies[b] = mapBody(channel, blocks.get(b));
                    batchStarts[b + 1] = batchStarts[b] + rowsOf(headers[b]);
                }
            }
            this.loaded = new AtomicReferenceArray<>(n);
            this.rowCount = batchStarts[n];
        } catch (IOException | RuntimeException e) {
            allocator.close();
            throw e;
        }
    }

    /**
     * Opens {@code path}, which must be a vlbert file of kind {@code expected} (or any kind when
     * {@code null}) with a schema version this build can read.
     */
    public static MappedArrowFile open(Path path, FileKind expected) {
        try {
            return new MappedArrowFile(path, expected);
        } catch (NoSuchFileException e) {
            throw new DataException(path + ": no such file");
        } catch (DataException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new DataException(path + ": not a readable Arrow IPC file (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Opens {@code path} as {@link #open} does and hands it to {@code reader} (a typed view's
     * constructor); the file is closed again if the reader rejects it.
     */
    public static <T> T openAs(Path path, FileKind expected, Function<MappedArrowFile, T> reader) {
        MappedArrowFile f = open(path, expected);
        try {
            return reader.apply(f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    private static void checkKind(Path path, Schema schema, FileKind expected) {
        Map<String, String> meta = schema.getCustomMetadata();
        String name = meta == null ? null : meta.get(SchemaMeta.SCHEMA);
        if (name == null) {
            throw new DataException(path + ": Arrow file without '" + SchemaMeta.SCHEMA
                    + "' metadata; convert the data with 'vlbert data convert-...'");
        }
        FileKind kind = FileKind.fromSchemaName(name);
        if (kind == null) {
            throw new DataException(path + ": unknown file kind '" + name + "'");
        }
        if (expected != null && kind != expected) {
            throw new DataException(path + ": holds " + name + " data, expected " + expected.schemaName());
        }
        String version = meta.get(SchemaMeta.VERSION);
        int v;
        try {
            v = Integer.parseInt(version);
        } catch (NumberFormatException e) {
            throw new DataException(path + ": bad " + SchemaMeta.VERSION + " '" + version + "'");
        }
        if (v > kind.version() || v < 1) {
            throw new DataException(path + ": " + name + " schema version " + v + " is not supported by this "
                    + "build (it reads version " + kind.version() + "); re-convert the data or upgrade vlbert");
        }
    }

    private static MessageMetadataResult readHeader(FileChannel channel, ArrowBlock block) throws IOException {
        channel.position(block.getOffset());
        MessageMetadataResult message = MessageSerializer.readMessage(new ReadChannel(channel));
        if (message == null) {
            throw new IOException("truncated record batch at offset " + block.getOffset());
        }
        return message;
    }

    private static MappedByteBuffer mapBody(FileChannel channel, ArrowBlock block) throws IOException {
        long bodyLength = block.getBodyLength();
        if (bodyLength > Integer.MAX_VALUE) {
            throw new IOException("record batch body of " + bodyLength + " bytes exceeds 2 GiB");
        }
        return channel.map(FileChannel.MapMode.READ_ONLY, block.getOffset() + block.getMetadataLength(), bodyLength);
    }

    private static long rowsOf(MessageMetadataResult message) {
        org.apache.arrow.flatbuf.RecordBatch header = new org.apache.arrow.flatbuf.RecordBatch();
        message.getMessage().header(header);
        return header.length();
    }

    public Path path() {
        return path;
    }

    /** A schema metadata value, or {@code null}. */
    public String meta(String key) {
        Map<String, String> m = schema.getCustomMetadata();
        return m == null ? null : m.get(key);
    }

    /** A schema metadata value that must be present. */
    public String requireMeta(String key) {
        String v = meta(key);
        if (v == null) {
            throw new DataException(path + ": missing metadata '" + key + "'");
        }
        return v;
    }

    public long rowCount() {
        return rowCount;
    }

    public int batchCount() {
        return bodies.length;
    }

    /** The first row of batch {@code b}; {@code batchStart(batchCount())} is the row count. */
    public long batchStart(int b) {
        return batchStarts[b];
    }

    /** The batch holding global row {@code row}. */
    public int batchOf(long row) {
        int lo = 0;
        int hi = bodies.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (batchStarts[mid] <= row) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Batch {@code b}, its vectors backed by the mapped file. Do not close it; the file owns it. */
    public VectorSchemaRoot batch(int b) {
        VectorSchemaRoot root = loaded.get(b);
        if (root != null) {
            return root;
        }
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException(path + " is closed");
            }
            if (loaded.get(b) == null) {
                try {
                    loaded.set(b, load(b));
                } catch (IOException e) {
                    throw new DataException(path + ": cannot read record batch " + b + " (" + e.getMessage() + ")", e);
                }
            }
            return loaded.get(b);
        }
    }

    private VectorSchemaRoot load(int b) throws IOException {
        MappedByteBuffer mapped = bodies[b];
        long address = MemoryUtil.getByteBufferAddress(mapped);
        ArrowBuf body = allocator.wrapForeignAllocation(new ForeignAllocation(mapped.capacity(), address) {
            @Override
            protected void release0() {
                // the mapping is owned by this file and unmapped when it becomes unreachable
            }
        });
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try (ArrowRecordBatch batch = MessageSerializer.deserializeRecordBatch(headers[b], body)) {
            new VectorLoader(root).load(batch);
        }
        return root;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int b = 0; b < loaded.length(); b++) {
            VectorSchemaRoot root = loaded.getAndSet(b, null);
            if (root != null) {
                root.close();
            }
            headers[b] = null;
            bodies[b] = null;
        }
        allocator.close();
    }
}
