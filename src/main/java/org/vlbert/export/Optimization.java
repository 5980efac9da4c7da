package org.vlbert.export;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.vlbert.io.FileTrees;

/**
 * {@code --optimize}: ONNX Runtime's offline graph optimisation at the BASIC level, saved as the
 * package's model. BASIC rewrites (constant folding, redundant-node and common-subexpression
 * elimination) keep standard ONNX ops, so the result runs on any runtime and execution provider;
 * EXTENDED would write ORT-specific fused CPU nodes and ALL also CPU-specific layouts, so neither is
 * used. What it buys is a faster session start (the graph arrives folded: 816 → 723 nodes for the
 * VQA base model); run time is unchanged, because sessions apply these rewrites online anyway.
 * The alternatives measured and not kept (MatMul-form Linear layers, fused com.microsoft
 * Attention) are in docs/export.md, "Measurements".
 *
 * @param offlineLevel null for the graph as built
 */
public record Optimization(OrtSession.SessionOptions.OptLevel offlineLevel) {

    /** The graph as the compiler emits it. */
    public static Optimization none() {
        return new Optimization(null);
    }

    /** What {@code --optimize} selects. */
    public static Optimization optimized() {
        return new Optimization(OrtSession.SessionOptions.OptLevel.BASIC_OPT);
    }

    public boolean enabled() {
        return offlineLevel != null;
    }

    /** The manifest's {@code model.optimization} entry. */
    ObjectNode describe() {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("enabled", enabled());
        d.put("ort_offline_level", enabled() ? "basic" : "none");
        if (enabled()) {
            d.put("ort_version", OrtEnvironment.getEnvironment().getVersion());
        }
        d.put("requires", "any ONNX runtime with opset " + org.vlbert.graphs.GraphBuilder.OPSET
                + " (standard ops only)");
        return d;
    }

    /**
     * Optimises {@code model} in place (and its external data file {@code externalData}, when not
     * null), then drops the opset imports ONNX Runtime adds for domains no node uses.
     */
    public void apply(Path model, String externalData, int threads) throws IOException {
        if (!enabled()) {
            return;
        }
        Path work = Files.createTempDirectory(model.getParent(), ".optimize-");
        try {
            Path optimized = work.resolve(model.getFileName().toString());
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(Math.max(1, threads));
                o.setOptimizationLevel(offlineLevel);
                o.setOptimizedModelFilePath(optimized.toString());
                if (externalData != null) {
                    o.addConfigEntry("session.optimized_model_external_initializers_file_name", externalData);
                    o.addConfigEntry("session.optimized_model_external_initializers_min_size_in_bytes", "1024");
                }
                OrtEnvironment.getEnvironment().createSession(model.toString(), o).close();
            } catch (OrtException e) {
                throw new PackageException("ONNX Runtime could not optimise " + model + ": " + e.getMessage(), e);
            }
            dropUnusedOpsets(optimized);
            Files.move(optimized, model, StandardCopyOption.REPLACE_EXISTING);
            if (externalData != null) {
                Files.move(work.resolve(externalData), model.resolveSibling(externalData),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            FileTrees.delete(work);
        }
    }

    /** ORT lists every domain it knows (training, nchwc, aten, ...); keep those the graph uses. */
    static void dropUnusedOpsets(Path file) throws IOException {
        OnnxMl.ModelProto m;
        try (InputStream in = Files.newInputStream(file)) {
            CodedInputStream cin = CodedInputStream.newInstance(in);
            cin.setSizeLimit(Integer.MAX_VALUE);
            m = OnnxMl.ModelProto.parseFrom(cin);
        }
        Set<String> used = new HashSet<>();
        used.add("");
        for (OnnxMl.NodeProto n : m.getGraph().getNodeList()) {
            used.add(n.getDomain());
        }
        OnnxMl.ModelProto.Builder b = m.toBuilder().clearOpsetImport();
        for (OnnxMl.OperatorSetIdProto op : m.getOpsetImportList()) {
            String domain = op.getDomain().equals("ai.onnx") ? "" : op.getDomain();
            if (used.contains(domain)) {
                b.addOpsetImport(op);
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            b.build().writeTo(out);
        }
    }
}
