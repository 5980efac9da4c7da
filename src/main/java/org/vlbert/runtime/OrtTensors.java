package org.vlbert.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Conversions between HostTensor (direct, native order) and ORT tensors. */
public final class OrtTensors {
    private OrtTensors() {}

    /** An ORT tensor over the host tensor's memory (no copy when the buffer is direct). */
    public static OnnxTensor wrap(HostTensor t) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ByteBuffer buf = t.buffer();
        try {
            return switch (t.dtype()) {
                case FLOAT -> OnnxTensor.createTensor(env, buf.asFloatBuffer(), t.shape());
                case INT64 -> OnnxTensor.createTensor(env, buf.asLongBuffer(), t.shape());
                case INT32 -> OnnxTensor.createTensor(env, buf.asIntBuffer(), t.shape());
                case DOUBLE -> OnnxTensor.createTensor(env, buf.asDoubleBuffer(), t.shape());
                case BOOL -> OnnxTensor.createTensor(env, buf, t.shape(), OnnxJavaType.BOOL);
                case UINT8 -> OnnxTensor.createTensor(env, buf, t.shape(), OnnxJavaType.UINT8);
                case INT8 -> OnnxTensor.createTensor(env, buf, t.shape(), OnnxJavaType.INT8);
                case FLOAT16 -> OnnxTensor.createTensor(env, buf, t.shape(), OnnxJavaType.FLOAT16);
                case BFLOAT16 -> OnnxTensor.createTensor(env, buf, t.shape(), OnnxJavaType.BFLOAT16);
            };
        } catch (OrtException e) {
            throw new IllegalStateException("cannot create an ORT tensor for " + t + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs {@code session} once: feeds each of its inputs from {@code inputs} (extra entries are
     * ignored; {@code missing} makes the error for an absent one) and returns host copies of all
     * outputs, in graph order. The input wrappers are closed before returning.
     */
    public static Map<String, HostTensor> run(OrtSession session, Map<String, HostTensor> inputs,
                                              Function<String, RuntimeException> missing) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (String name : session.getInputNames()) {
                HostTensor t = inputs.get(name);
                if (t == null) {
                    throw missing.apply(name);
                }
                feeds.put(name, wrap(t));
            }
            Map<String, HostTensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.put(e.getKey(), copy((OnnxTensor) e.getValue()));
                }
            }
            return out;
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    /** A host copy of an ORT tensor's contents. */
    public static HostTensor copy(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        DType dt = switch (t.getInfo().type) {
            case FLOAT -> DType.FLOAT;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case DOUBLE -> DType.DOUBLE;
            case BOOL -> DType.BOOL;
            case UINT8 -> DType.UINT8;
            case INT8 -> DType.INT8;
            case FLOAT16 -> DType.FLOAT16;
            case BFLOAT16 -> DType.BFLOAT16;
            default -> throw new IllegalArgumentException("unsupported ORT output type " + t.getInfo().type);
        };
        ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
        ByteBuffer direct = HostTensor.allocateDirect(bytes.remaining());
        direct.put(bytes).clear();
        return new HostTensor(dt, shape, direct);
    }
}
