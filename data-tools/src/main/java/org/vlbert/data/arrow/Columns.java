package org.vlbert.data.arrow;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.util.Float16;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float2Vector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;

/**
 * Writes one value into a column vector at a row, growing buffers as needed. These helpers work
 * on any vector (top-level columns or children of lists/structs); a {@code null} value writes a
 * null slot. Matrices ({@code List<FixedSizeList<float>[w]>}) are copied in bulk.
 */
public final class Columns {
    private Columns() {}

    public static void utf8(FieldVector v, int row, String value) {
        VarCharVector vec = (VarCharVector) v;
        if (value == null) {
            vec.setNull(row);
        } else {
            vec.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    public static void int32(FieldVector v, int row, Integer value) {
        IntVector vec = (IntVector) v;
        if (value == null) {
            vec.setNull(row);
        } else {
            vec.setSafe(row, value);
        }
    }

    public static void int64(FieldVector v, int row, Long value) {
        BigIntVector vec = (BigIntVector) v;
        if (value == null) {
            vec.setNull(row);
        } else {
            vec.setSafe(row, value);
        }
    }

    public static void int32List(FieldVector v, int row, int[] values) {
        ListVector list = (ListVector) v;
        if (values == null) {
            list.setNull(row);
            return;
        }
        int start = list.startNewValue(row);
        IntVector child = (IntVector) list.getDataVector();
        for (int k = 0; k < values.length; k++) {
            child.setSafe(start + k, values[k]);
        }
        list.endValue(row, values.length);
    }

    public static void float32List(FieldVector v, int row, float[] values) {
        ListVector list = (ListVector) v;
        if (values == null) {
            list.setNull(row);
            return;
        }
        int start = list.startNewValue(row);
        Float4Vector child = (Float4Vector) list.getDataVector();
        for (int k = 0; k < values.length; k++) {
            child.setSafe(start + k, values[k]);
        }
        list.endValue(row, values.length);
    }

    public static void utf8List(FieldVector v, int row, List<String> values) {
        ListVector list = (ListVector) v;
        if (values == null) {
            list.setNull(row);
            return;
        }
        int start = list.startNewValue(row);
        VarCharVector child = (VarCharVector) list.getDataVector();
        for (int k = 0; k < values.size(); k++) {
            child.setSafe(start + k, values.get(k).getBytes(StandardCharsets.UTF_8));
        }
        list.endValue(row, values.size());
    }

    /**
     * Writes a [rows, width] float matrix given as little-endian float32 bytes at {@code offset}
     * (e.g. decoded base64) into a {@code List<FixedSizeList<float32|float16>[width]>} column.
     */
    public static void floatMatrix(FieldVector v, int row, ByteBuffer littleEndianFloats, int rows) {
        ListVector list = (ListVector) v;
        int start = list.startNewValue(row);
        fixedSizeFloats((FixedSizeListVector) list.getDataVector(), start, littleEndianFloats, rows);
        list.endValue(row, rows);
    }

    public static void floatMatrix(FieldVector v, int row, float[] values, int rows) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        floatMatrix(v, row, bytes, rows);
    }

    /** A single {@code FixedSizeList<float>[width]} value (null allowed). */
    public static void floatVector(FieldVector v, int row, ByteBuffer littleEndianFloats) {
        FixedSizeListVector fsl = (FixedSizeListVector) v;
        if (littleEndianFloats == null) {
            while (fsl.getValueCapacity() <= row) {
                fsl.reAlloc();
            }
            fsl.setNull(row);
            return;
        }
        fixedSizeFloats(fsl, row, littleEndianFloats, 1);
    }

    /** Fills entries [start, start+rows) of a FixedSizeList of floats from little-endian float32 bytes. */
    static void fixedSizeFloats(FixedSizeListVector fsl, int start, ByteBuffer src, int rows) {
        int width = fsl.getListSize();
        long n = (long) rows * width;
        if (src.remaining() < n * 4) {
            throw new IllegalArgumentException("need " + n * 4 + " bytes, have " + src.remaining());
        }
        while (fsl.getValueCapacity() < start + rows) {
            fsl.reAlloc();
        }
        ValidityBits.setRange(fsl.getValidityBuffer(), start, rows);
        BaseFixedWidthVector values = (BaseFixedWidthVector) fsl.getDataVector();
        long first = (long) start * width;
        while (values.getValueCapacity() < first + n) {
            values.reAlloc();
        }
        ValidityBits.setRange(values.getValidityBuffer(), first, n);
        ByteBuffer le = src.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (values instanceof Float4Vector) {
            ByteBuffer slice = le.slice();
            slice.limit((int) (n * 4));
            values.getDataBuffer().setBytes(first * 4, slice);
        } else if (values instanceof Float2Vector) {
            int pos = le.position();
            for (long i = 0; i < n; i++) {
                short half = Float16.toFloat16(le.getFloat(pos + (int) (i * 4)));
                values.getDataBuffer().setShort((first + i) * 2, half);
            }
        } else {
            throw new IllegalArgumentException("not a float column: " + values.getField());
        }
        src.position(src.position() + (int) (n * 4));
    }
}
