package org.vlbert.graphs.tensor;

/** Element types used by graphs, checkpoints and data files, with their ONNX TensorProto codes. */
public enum DType {
    FLOAT(1, 4, "float32"),
    UINT8(2, 1, "uint8"),
    INT8(3, 1, "int8"),
    INT32(6, 4, "int32"),
    INT64(7, 8, "int64"),
    BOOL(9, 1, "bool"),
    FLOAT16(10, 2, "float16"),
    DOUBLE(11, 8, "float64"),
    BFLOAT16(16, 2, "bfloat16");

    private final int onnxCode;
    private final int byteSize;
    private final String numpyName;

    DType(int onnxCode, int byteSize, String numpyName) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
        this.numpyName = numpyName;
    }

    /** The {@code TensorProto.DataType} number. */
    public int onnxCode() {
        return onnxCode;
    }

    public int byteSize() {
        return byteSize;
    }

    /** numpy's name for the type ("float32", "int64", ...). */
    public String numpyName() {
        return numpyName;
    }

    public boolean isFloatingPoint() {
        return this == FLOAT || this == FLOAT16 || this == DOUBLE || this == BFLOAT16;
    }

    public static DType fromOnnxCode(int code) {
        for (DType t : values()) {
            if (t.onnxCode == code) {
                return t;
            }
        }
        throw new IllegalArgumentException("unsupported ONNX tensor element type " + code);
    }
}
