package org.vlbert.data.schema;

import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/** Small constructors for the Arrow field types the schemas use. */
public final class Fields {
    private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
    private static final ArrowType INT32 = new ArrowType.Int(32, true);
    private static final ArrowType INT64 = new ArrowType.Int(64, true);
    private static final ArrowType FLOAT32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
    private static final ArrowType FLOAT16 = new ArrowType.FloatingPoint(FloatingPointPrecision.HALF);

    private Fields() {}

    public static Field utf8(String name, boolean nullable) {
        return leaf(name, UTF8, nullable);
    }

    public static Field int32(String name, boolean nullable) {
        return leaf(name, INT32, nullable);
    }

    public static Field int64(String name, boolean nullable) {
        return leaf(name, INT64, nullable);
    }

    public static Field float32(String name, boolean nullable) {
        return leaf(name, FLOAT32, nullable);
    }

    public static Field float16(String name, boolean nullable) {
        return leaf(name, FLOAT16, nullable);
    }

    private static Field leaf(String name, ArrowType type, boolean nullable) {
        return new Field(name, new FieldType(nullable, type, null), null);
    }

    /** {@code List<child>}; the child is conventionally named "item". */
    public static Field list(String name, boolean nullable, Field item) {
        return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(item));
    }

    /** {@code FixedSizeList<float32 or float16>[width]}. */
    public static Field floats(String name, boolean nullable, int width, boolean fp16) {
        Field item = fp16 ? float16("item", false) : float32("item", false);
        return new Field(name, new FieldType(nullable, new ArrowType.FixedSizeList(width), null), List.of(item));
    }

    /** {@code List<FixedSizeList<float>[width]>}: a [rows, width] matrix per record. */
    public static Field floatMatrix(String name, boolean nullable, int width, boolean fp16) {
        return list(name, nullable, floats("item", false, width, fp16));
    }

    public static Field utf8List(String name, boolean nullable) {
        return list(name, nullable, utf8("item", false));
    }

    public static Field int32List(String name, boolean nullable) {
        return list(name, nullable, int32("item", false));
    }

    public static Field float32List(String name, boolean nullable) {
        return list(name, nullable, float32("item", false));
    }

    public static Field struct(String name, boolean nullable, Field... children) {
        return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), List.of(children));
    }
}
