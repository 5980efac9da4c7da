package org.vlbert.data.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.vlbert.data.DataException;

/** Read helpers over loaded vectors: list ranges, zero-copy slices, small copies. */
public final class Vectors {
    private Vectors() {}

    /** The column {@code name} of {@code root} as type {@code type}, or a clear error. */
    public static <V extends FieldVector> V column(VectorSchemaRoot root, String name, Class<V> type, Object file) {
        FieldVector v = root.getVector(name);
        if (v == null) {
            throw new DataException(file + ": missing column '" + name + "'");
        }
        if (!type.isInstance(v)) {
            throw new DataException(file + ": column '" + name + "' has type " + v.getField().getType()
                    + ", expected " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** An optional column (null when absent). */
    public static <V extends FieldVector> V optionalColumn(VectorSchemaRoot root, String name, Class<V> type, Object file) {
        return root.getVector(name) == null ? null : column(root, name, type, file);
    }

    /** First child index of list entry {@code row}. */
    public static int start(ListVector list, int row) {
        return list.getOffsetBuffer().getInt((long) row * ListVector.OFFSET_WIDTH);
    }

    /** One past the last child index of list entry {@code row}. */
    public static int end(ListVector list, int row) {
        return list.getOffsetBuffer().getInt((long) (row + 1) * ListVector.OFFSET_WIDTH);
    }

    /**
     * A direct little-endian ByteBuffer over elements [first, first+count) of a fixed-width vector:
     * a view of the vector's memory (for mapped files, of the file), no copy.
     */
    public static ByteBuffer slice(BaseFixedWidthVector values, long first, long count) {
        int width = values.getTypeWidth();
        ArrowBuf data = values.getDataBuffer();
        long bytes = count * width;
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("slice of " + bytes + " bytes exceeds 2 GiB");
        }
        if (bytes == 0) {
            return ByteBuffer.allocateDirect(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        return data.nioBuffer(first * width, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    public static String utf8(VarCharVector v, int row) {
        if (v.isNull(row)) {
            return null;
        }
        return new String(v.get(row), StandardCharsets.UTF_8);
    }

    public static Integer int32(IntVector v, int row) {
        return v.isNull(row) ? null : v.get(row);
    }

    public static int[] int32List(ListVector list, int row) {
        if (list.isNull(row)) {
            return null;
        }
        IntVector child = (IntVector) list.getDataVector();
        int s = start(list, row);
        int[] out = new int[end(list, row) - s];
        for (int i = 0; i < out.length; i++) {
            out[i] = child.get(s + i);
        }
        return out;
    }

    public static float[] float32List(ListVector list, int row) {
        if (list.isNull(row)) {
            return null;
        }
        Float4Vector child = (Float4Vector) list.getDataVector();
        int s = start(list, row);
        float[] out = new float[end(list, row) - s];
        for (int i = 0; i < out.length; i++) {
            out[i] = child.get(s + i);
        }
        return out;
    }

    public static List<String> utf8List(ListVector list, int row) {
        if (list.isNull(row)) {
            return null;
        }
        VarCharVector child = (VarCharVector) list.getDataVector();
        int s = start(list, row);
        int e = end(list, row);
        List<String> out = new ArrayList<>(e - s);
        for (int i = s; i < e; i++) {
            out.add(utf8(child, i));
        }
        return out;
    }
}
