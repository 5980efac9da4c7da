package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Turns the parameter inputs of an emitted model into initializers: inline raw data, or ONNX
 * external data (TensorProto data_location = EXTERNAL with location/offset/length entries) in one
 * sidecar file whose tensors start at 4096-byte offsets (page-aligned, so ORT can map them).
 */
final class ParamEmbedding {
    private ParamEmbedding() {}

    /** Alignment of each tensor in the external data file. */
    static final long ALIGNMENT = 4096;

    /** One tensor to write to the sidecar at {@code offset}. */
    record Chunk(HostTensor tensor, long offset) {}

    /** The rewritten model and, for external data, the sidecar's content plan. */
    record Result(OnnxMl.ModelProto model, List<Chunk> external) {}

    /** Total bytes of the parameters {@code model} takes as inputs. */
    static long parameterBytes(OnnxMl.ModelProto model, Map<String, Param> params) {
        long total = 0;
        for (OnnxMl.ValueInfoProto in : model.getGraph().getInputList()) {
            Param p = params.get(in.getName());
            if (p != null) {
                total += p.numel() * DType.FLOAT.byteSize();
            }
        }
        return total;
    }

    /**
     * Embeds every parameter input of {@code model} with its value from {@code values};
     * {@code externalLocation} null means inline, otherwise the sidecar file name (relative to
     * the model file).
     */
    static Result embed(OnnxMl.ModelProto model, Map<String, Param> params, Map<String, HostTensor> values,
                        String externalLocation) {
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder().clearInput();
        List<OnnxMl.TensorProto> inits = new ArrayList<>();
        List<Chunk> chunks = new ArrayList<>();
        long offset = 0;
        for (OnnxMl.ValueInfoProto in : model.getGraph().getInputList()) {
            Param p = params.get(in.getName());
            if (p == null) {
                g.addInput(in);
                continue;
            }
            HostTensor t = checkedValue(p, values.get(p.name()));
            if (externalLocation == null) {
                inits.add(OnnxEmitter.tensor(p.name(), t));
            } else {
                offset = align(offset);
                inits.add(externalTensor(p.name(), t, externalLocation, offset));
                chunks.add(new Chunk(t, offset));
                offset += t.byteSize();
            }
        }
        // Parameters go first so that readers meet the large tensors in declaration order.
        List<OnnxMl.TensorProto> all = new ArrayList<>(inits);
        all.addAll(g.getInitializerList());
        g.clearInitializer().addAllInitializer(all);
        return new Result(model.toBuilder().setGraph(g).build(), chunks);
    }

    static long align(long offset) {
        return (offset + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static HostTensor checkedValue(Param p, HostTensor t) {
        if (t == null) {
            throw new ArtifactException("no value for parameter " + p.name() + " (shape "
                    + Arrays.toString(p.shape()) + "); the infer artifact embeds every parameter it uses");
        }
        if (t.dtype() != DType.FLOAT || !Arrays.equals(t.shape(), p.shape())) {
            throw new ArtifactException("value for parameter " + p.name() + " is " + t.dtype().numpyName()
                    + Arrays.toString(t.shape()) + " but the graph needs float32" + Arrays.toString(p.shape()));
        }
        return t;
    }

    private static OnnxMl.TensorProto externalTensor(String name, HostTensor t, String location, long offset) {
        OnnxMl.TensorProto.Builder b = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(t.dtype().onnxCode())
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL);
        for (long d : t.shape()) {
            b.addDims(d);
        }
        b.addExternalData(entry("location", location));
        b.addExternalData(entry("offset", Long.toString(offset)));
        b.addExternalData(entry("length", Long.toString(t.byteSize())));
        return b.build();
    }

    private static OnnxMl.StringStringEntryProto entry(String k, String v) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }
}
