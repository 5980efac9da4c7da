package org.vlbert.graphs.testutil;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/** Runs an emitted model in ONNX Runtime (CPU) and returns outputs as HostTensors. Test-only. */
public final class OrtRunner implements AutoCloseable {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public OrtRunner(OnnxMl.ModelProto model) {
        this(model, 2);
    }

    public OrtRunner(OnnxMl.ModelProto model, int threads) {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            // ORT warns when it cannot constant-fold fp16 nodes on CPU; only errors matter here.
            opts.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = ENV.createSession(model.toByteArray(), opts);
        } catch (OrtException e) {
            throw new IllegalStateException("ORT could not load the model: " + e.getMessage(), e);
        }
    }

    /** Loads a model file; external data is resolved relative to the file's directory. */
    public OrtRunner(java.nio.file.Path modelFile, int threads) {
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setIntraOpNumThreads(threads);
            session = ENV.createSession(modelFile.toString(), opts);
        } catch (OrtException e) {
            throw new IllegalStateException("ORT could not load " + modelFile + ": " + e.getMessage(), e);
        }
    }

    public OrtSession session() {
        return session;
    }

    public Map<String, HostTensor> run(Map<String, HostTensor> feeds) {
        return run(feeds, session.getOutputNames());
    }

    public Map<String, HostTensor> run(Map<String, HostTensor> feeds, Set<String> outputs) {
        List<OnnxTensor> created = new ArrayList<>();
        try {
            Map<String, OnnxTensor> in = new LinkedHashMap<>();
            for (String name : session.getInputNames()) {
                HostTensor t = feeds.get(name);
                if (t == null) {
                    throw new IllegalArgumentException("no feed for input " + name);
                }
                OnnxTensor ot = toOrt(t);
                created.add(ot);
                in.put(name, ot);
            }
            Map<String, HostTensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(in, outputs)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    out.put(e.getKey(), fromOrt((OnnxTensor) e.getValue()));
                }
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("ORT run failed: " + e.getMessage(), e);
        } finally {
            created.forEach(OnnxTensor::close);
        }
    }

    static OnnxTensor toOrt(HostTensor t) throws OrtException {
        ByteBuffer buf = t.buffer();
        return switch (t.dtype()) {
            case FLOAT -> OnnxTensor.createTensor(ENV, buf.asFloatBuffer(), t.shape());
            case INT64 -> OnnxTensor.createTensor(ENV, buf.asLongBuffer(), t.shape());
            case INT32 -> OnnxTensor.createTensor(ENV, buf.asIntBuffer(), t.shape());
            case DOUBLE -> OnnxTensor.createTensor(ENV, buf.asDoubleBuffer(), t.shape());
            case BOOL -> OnnxTensor.createTensor(ENV, buf, t.shape(), ai.onnxruntime.OnnxJavaType.BOOL);
            case UINT8 -> OnnxTensor.createTensor(ENV, buf, t.shape(), ai.onnxruntime.OnnxJavaType.UINT8);
            default -> throw new IllegalArgumentException("unsupported feed type " + t.dtype());
        };
    }

    static HostTensor fromOrt(OnnxTensor t) {
        long[] shape = t.getInfo().getShape();
        ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
        DType dt = switch (t.getInfo().type) {
            case FLOAT -> DType.FLOAT;
            case INT64 -> DType.INT64;
            case INT32 -> DType.INT32;
            case DOUBLE -> DType.DOUBLE;
            case BOOL -> DType.BOOL;
            case UINT8 -> DType.UINT8;
            default -> throw new IllegalArgumentException("unsupported output type " + t.getInfo().type);
        };
        ByteBuffer direct = HostTensor.allocateDirect(bytes.remaining());
        direct.put(bytes).clear();
        return new HostTensor(dt, shape, direct);
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
