package org.vlbert.features;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorLoader;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.VectorUnloader;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;
import org.apache.arrow.vector.types.pojo.Schema;
import org.vlbert.data.schema.RegionSchema;

/** Writes region rows (or the batches of other region files) into one Arrow IPC file. */
public final class RegionArrowWriter implements AutoCloseable {
    private final BufferAllocator allocator = new RootAllocator();
    private final VectorSchemaRoot root;
    private final ArrowFileWriter writer;
    private final Schema schema;

    /** Starts a file on {@code channel}, which stays open (the caller syncs and closes it). */
    public RegionArrowWriter(FileChannel channel, Schema schema) throws IOException {
        this.schema = schema;
        this.root = VectorSchemaRoot.create(schema, allocator);
        this.writer = new ArrowFileWriter(root, null, unclosable(channel));
        writer.start();
    }

    private static WritableByteChannel unclosable(FileChannel ch) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                return ch.write(src);
            }

            @Override
            public boolean isOpen() {
                return ch.isOpen();
            }

            @Override
            public void close() {
                // the owner of the channel closes it
            }
        };
    }

    /** Appends one record batch holding {@code rows}. */
    public void write(List<RegionRecord> rows) throws IOException {
        root.allocateNew();
        VarCharVector ids = (VarCharVector) root.getVector(RegionSchema.IMAGE_ID);
        IntVector widths = (IntVector) root.getVector(RegionSchema.WIDTH);
        IntVector heights = (IntVector) root.getVector(RegionSchema.HEIGHT);
        ListVector boxes = (ListVector) root.getVector(RegionSchema.BOXES);
        ListVector features = (ListVector) root.getVector(RegionSchema.FEATURES);
        FixedSizeListVector imageBox = (FixedSizeListVector) root.getVector(RegionSchema.IMAGE_BOX_FEATURE);
        for (int r = 0; r < rows.size(); r++) {
            RegionRecord rec = rows.get(r);
            ids.setSafe(r, rec.imageId().getBytes(StandardCharsets.UTF_8));
            widths.setSafe(r, rec.width());
            heights.setSafe(r, rec.height());
            matrix(boxes, r, rec.boxes(), rec.numBoxes());
            matrix(features, r, rec.features(), rec.numBoxes());
            if (imageBox != null) {
                if (rec.imageBoxFeature() == null) {
                    imageBox.setNull(r);
                } else {
                    row(imageBox, r, rec.imageBoxFeature(), 0);
                }
            }
        }
        root.setRowCount(rows.size());
        writer.writeBatch();
    }

    private static void matrix(ListVector list, int r, float[] values, int rows) {
        FixedSizeListVector inner = (FixedSizeListVector) list.getDataVector();
        int first = list.startNewValue(r);
        int width = inner.getListSize();
        for (int i = 0; i < rows; i++) {
            row(inner, first + i, values, i * width);
        }
        list.endValue(r, rows);
    }

    private static void row(FixedSizeListVector vec, int index, float[] values, int offset) {
        Float4Vector data = (Float4Vector) vec.getDataVector();
        int pos = vec.startNewValue(index);
        for (int c = 0; c < vec.getListSize(); c++) {
            data.setSafe(pos + c, values[offset + c]);
        }
    }

    /** Appends every batch of the region file {@code shard}, which must have this writer's fields. */
    public void copyFrom(Path shard) throws IOException {
        try (FileChannel ch = FileChannel.open(shard, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, allocator)) {
            VectorSchemaRoot in = reader.getVectorSchemaRoot();
            if (!in.getSchema().getFields().equals(schema.getFields())) {
                throw new IOException(shard + " has fields " + in.getSchema().getFields() + ", expected "
                        + schema.getFields());
            }
            while (reader.loadNextBatch()) {
                try (ArrowRecordBatch batch = new VectorUnloader(in).getRecordBatch()) {
                    new VectorLoader(root).load(batch);
                    writer.writeBatch();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            writer.end();
        } finally {
            writer.close();
            root.close();
            allocator.close();
        }
    }
}
