package org.vlbert.features;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.schema.RegionSchema;

/** Reads the columns extraction needs from region files: ids (resume) and boxes (input). */
public final class RegionArrowReader {
    private RegionArrowReader() {}

    /** The schema (fields and metadata) of an Arrow file. */
    public static org.apache.arrow.vector.types.pojo.Schema schema(Path file) throws IOException {
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            return reader.getVectorSchemaRoot().getSchema();
        } catch (org.apache.arrow.vector.ipc.InvalidArrowFileException e) {
            throw new VlbertException(file + " is not an Arrow IPC file: " + e.getMessage(), e);
        }
    }

    /** The image ids of a region file, in row order. */
    public static List<String> imageIds(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        read(file, root -> {
            VarCharVector ids = vector(file, root, RegionSchema.IMAGE_ID, VarCharVector.class);
            for (int r = 0; r < root.getRowCount(); r++) {
                out.add(new String(ids.get(r), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return out;
    }

    /** Image ids and boxes (original pixels) of a region file, as extraction input. */
    public static List<ImageBoxes> boxes(Path file) throws IOException {
        List<ImageBoxes> out = new ArrayList<>();
        read(file, root -> {
            VarCharVector ids = vector(file, root, RegionSchema.IMAGE_ID, VarCharVector.class);
            ListVector boxes = vector(file, root, RegionSchema.BOXES, ListVector.class);
            if (!(boxes.getDataVector() instanceof FixedSizeListVector inner) || inner.getListSize() != 4
                    || !(inner.getDataVector() instanceof Float4Vector data)) {
                throw new VlbertException(file + ": column 'boxes' must be List<FixedSizeList<float32>[4]>");
            }
            for (int r = 0; r < root.getRowCount(); r++) {
                int start = boxes.getElementStartIndex(r);
                int end = boxes.getElementEndIndex(r);
                float[] b = new float[(end - start) * 4];
                for (int i = 0; i < b.length; i++) {
                    b[i] = data.get(start * 4 + i);
                }
                out.add(new ImageBoxes(new String(ids.get(r), java.nio.charset.StandardCharsets.UTF_8), null, b));
            }
        });
        return out;
    }

    private interface BatchConsumer {
        void accept(VectorSchemaRoot root);
    }

    private static void read(Path file, BatchConsumer consumer) throws IOException {
        try (BufferAllocator alloc = new RootAllocator();
             FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
             ArrowFileReader reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            while (reader.loadNextBatch()) {
                consumer.accept(root);
            }
        } catch (org.apache.arrow.vector.ipc.InvalidArrowFileException e) {
            throw new VlbertException(file + " is not an Arrow IPC file: " + e.getMessage(), e);
        }
    }

    private static <V extends FieldVector> V vector(Path file, VectorSchemaRoot root, String name, Class<V> type) {
        FieldVector v = root.getVector(name);
        if (v == null) {
            throw new VlbertException(file + " has no column '" + name + "' (columns: "
                    + root.getSchema().getFields().stream().map(f -> f.getName()).toList() + ")");
        }
        if (!type.isInstance(v)) {
            throw new VlbertException(file + ": column '" + name + "' has type " + v.getField().getType()
                    + ", not the region schema's");
        }
        return type.cast(v);
    }
}
