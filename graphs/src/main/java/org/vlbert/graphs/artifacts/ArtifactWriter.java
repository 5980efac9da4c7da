package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.DropoutSite;
import org.vlbert.graphs.model.Mode;
import org.vlbert.graphs.model.ModelContext;
import org.vlbert.graphs.model.ModelDefinition;
import org.vlbert.graphs.model.ModelOutputs;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Builds and writes the artifacts of one model definition: {@code train_step.onnx},
 * {@code eval.onnx} and {@code infer.onnx}, each from a fresh graph, all with the same metadata
 * convention ({@link ArtifactMetadata}). Files are written atomically; an infer model whose
 * parameters exceed {@link #externalDataThreshold(long)} bytes keeps them in the sidecar
 * {@code infer.onnx.data} (ONNX external data; load such a model from its path).
 */
public final class ArtifactWriter {
    /** Above this many parameter bytes infer.onnx uses external data (protobuf caps a model at 2 GiB). */
    public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD = 1_500_000_000L;

    private final ModelDefinition definition;
    private String producerVersion = "dev";
    private String configHash = "";
    private long externalThreshold = DEFAULT_EXTERNAL_DATA_THRESHOLD;

    public ArtifactWriter(ModelDefinition definition) {
        this.definition = definition;
    }

    public ArtifactWriter producerVersion(String version) {
        this.producerVersion = version;
        return this;
    }

    /** A hash of the resolved configuration, recorded so that a run can check its artifacts match. */
    public ArtifactWriter configHash(String hash) {
        this.configHash = hash;
        return this;
    }

    public ArtifactWriter externalDataThreshold(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("external data threshold must be >= 0, got " + bytes);
        }
        this.externalThreshold = bytes;
        return this;
    }

    /** Every parameter the model defines (from its training graph), in creation order. */
    public List<Param> parameters() {
        GraphBuilder b = new GraphBuilder();
        forward(b, Mode.TRAIN);
        return new ArrayList<>(b.graph().params().values());
    }

    /** Builds the train_step or eval model (parameters as graph inputs). */
    public Artifact build(ArtifactKind kind) {
        if (kind == ArtifactKind.INFER) {
            throw new IllegalArgumentException("the infer artifact embeds parameters: use buildInfer(values)");
        }
        return build(kind, null, null).artifact();
    }

    /** Builds the infer model with every parameter it uses embedded inline. */
    public Artifact buildInfer(Map<String, HostTensor> values) {
        Objects.requireNonNull(values, "parameter values for infer.onnx");
        return build(ArtifactKind.INFER, values, null).artifact();
    }

    /** Writes train_step.onnx or eval.onnx into {@code dir}. */
    public WrittenArtifact write(ArtifactKind kind, Path dir) throws IOException {
        Artifact a = build(kind);
        Path file = dir.resolve(kind.fileName());
        writeModel(file, a.model());
        return new WrittenArtifact(kind, file, null, a.nodeCount(), Files.size(file), 0, a.unusedParams());
    }

    /**
     * Writes infer.onnx into {@code dir}, with external data in {@code infer.onnx.data} when the
     * embedded parameters take more than the threshold; a stale sidecar from an earlier external
     * write is removed when the new model embeds its parameters.
     */
    public WrittenArtifact writeInfer(Path dir, Map<String, HostTensor> values) throws IOException {
        Objects.requireNonNull(values, "parameter values for infer.onnx");
        Path file = dir.resolve(ArtifactKind.INFER.fileName());
        Path dataFile = dir.resolve(ArtifactKind.INFER.fileName() + ".data");
        Built built = build(ArtifactKind.INFER, values, dataFile.getFileName().toString());
        if (built.external() != null) {
            ParamEmbedding.Result ext = built.external();
            AtomicFiles.write(dataFile, ch -> writeChunks(ch, ext.external()));
            writeModel(file, built.artifact().model());
            return new WrittenArtifact(ArtifactKind.INFER, file, dataFile, built.artifact().nodeCount(),
                    Files.size(file), Files.size(dataFile), List.of());
        }
        writeModel(file, built.artifact().model());
        Files.deleteIfExists(dataFile);
        return new WrittenArtifact(ArtifactKind.INFER, file, null, built.artifact().nodeCount(), Files.size(file),
                0, List.of());
    }

    /** Writes all three artifacts into {@code dir}; {@code values} supply infer.onnx's parameters. */
    public List<WrittenArtifact> writeAll(Path dir, Map<String, HostTensor> values) throws IOException {
        return List.of(write(ArtifactKind.TRAIN_STEP, dir), write(ArtifactKind.EVAL, dir), writeInfer(dir, values));
    }

    // ------------------------------------------------------------------ building

    private record Forward(ModelContext ctx, ModelOutputs outputs) {}

    private record Built(Artifact artifact, ParamEmbedding.Result external) {}

    private Forward forward(GraphBuilder b, Mode mode) {
        ModelContext ctx = new ModelContext(b, mode);
        ModelOutputs out = definition.build(ctx);
        if (mode.hasLoss() && out.loss() == null) {
            throw new ArtifactException("model '" + definition.task() + "' returned no loss in " + mode + " mode");
        }
        if (out.outputs().isEmpty()) {
            throw new ArtifactException("model '" + definition.task() + "' returned no task outputs in " + mode
                    + " mode");
        }
        return new Forward(ctx, out);
    }

    /**
     * Builds one artifact. For INFER, {@code values} are embedded: inline, or as external data
     * in {@code externalLocation} if that is non-null and the parameters exceed the threshold.
     */
    private Built build(ArtifactKind kind, Map<String, HostTensor> values, String externalLocation) {
        GraphBuilder b = new GraphBuilder();
        Forward fwd = forward(b, kind.mode());
        List<String> outputNames = new ArrayList<>();
        if (kind.mode().hasLoss()) {
            b.output(ModelOutputs.LOSS, fwd.outputs().loss());
            outputNames.add(ModelOutputs.LOSS);
        }
        for (Map.Entry<String, Value> o : fwd.outputs().outputs().entrySet()) {
            b.output(o.getKey(), o.getValue());
            outputNames.add(o.getKey());
        }
        List<String> unused = new ArrayList<>();
        if (kind == ArtifactKind.TRAIN_STEP) {
            checkMaskDims(b, fwd.ctx().dropoutSites());
            List<Param> trainable = b.graph().params().values().stream().filter(Param::trainable).toList();
            Autodiff.Result grads = new Autodiff(b).gradients(fwd.outputs().loss(),
                    trainable.stream().map(Param::value).toList());
            for (Param p : trainable) {
                String name = ModelOutputs.GRAD_PREFIX + p.name();
                b.output(name, grads.gradients().get(p.value()));
                outputNames.add(name);
            }
            grads.unused().forEach(v -> unused.add(v.name()));
        }
        OnnxMl.ModelProto model = new OnnxEmitter(b.graph())
                .graphName(definition.task().replace('-', '_') + "_" + kind.id())
                .producerVersion(producerVersion)
                .emit(outputNames);

        Map<String, Param> params = new LinkedHashMap<>(b.graph().params());
        ParamEmbedding.Result external = null;
        if (kind == ArtifactKind.INFER) {
            boolean useExternal = externalLocation != null
                    && ParamEmbedding.parameterBytes(model, params) > externalThreshold;
            ParamEmbedding.Result r = ParamEmbedding.embed(model, params, values, useExternal ? externalLocation : null);
            model = r.model();
            external = useExternal ? r : null;
        }
        ArtifactMetadata.Facts facts = new ArtifactMetadata.Facts(kind, definition.task(), OnnxEmitter.PRODUCER,
                producerVersion, configHash, params.values(), unused, fwd.ctx().dropoutSites());
        OnnxMl.ModelProto.Builder mb = model.toBuilder();
        ArtifactMetadata.entries(model, facts).forEach((k, v) ->
                mb.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        Artifact artifact = new Artifact(kind, mb.build(), unused, fwd.ctx().dropoutSites());
        return new Built(artifact, external);
    }

    /**
     * The engine makes each mask from the batch's dims, so every symbol in a mask shape must come
     * from a batch input (alone or in a product/sum).
     */
    private void checkMaskDims(GraphBuilder b, List<DropoutSite> sites) {
        Set<String> maskInputs = new LinkedHashSet<>();
        sites.forEach(s -> maskInputs.add(s.inputName()));
        Set<String> batchSymbols = new LinkedHashSet<>();
        for (Value in : b.graph().inputs()) {
            if (!maskInputs.contains(in.name())) {
                for (Dim d : in.shape().dims()) {
                    if (!d.isFixed()) {
                        batchSymbols.addAll(atoms(d.symbol()));
                    }
                }
            }
        }
        for (DropoutSite s : sites) {
            for (Dim d : s.shape().dims()) {
                if (d.isFixed()) {
                    continue;
                }
                for (String atom : atoms(d.symbol())) {
                    if (!atom.chars().allMatch(Character::isDigit) && !batchSymbols.contains(atom)) {
                        throw new ArtifactException("dropout site " + s.site() + " of model '" + definition.task()
                                + "': mask dim '" + d.symbol() + "' is not made of batch input dims "
                                + batchSymbols + "; apply dropout to a value whose shape uses the batch dims");
                    }
                }
            }
        }
    }

    private static List<String> atoms(String symbol) {
        List<String> out = new ArrayList<>();
        for (String term : symbol.split("\\+")) {
            out.addAll(List.of(term.split("\\*")));
        }
        return out;
    }

    // ------------------------------------------------------------------ files

    private static void writeModel(Path file, OnnxMl.ModelProto model) throws IOException {
        AtomicFiles.write(file, ch -> model.writeTo(Channels.newOutputStream(ch)));
    }

    private static void writeChunks(FileChannel ch, List<ParamEmbedding.Chunk> chunks) throws IOException {
        long pos = 0;
        for (ParamEmbedding.Chunk c : chunks) {
            if (c.offset() > pos) {
                writeFully(ch, ByteBuffer.allocate((int) (c.offset() - pos)));
            }
            writeFully(ch, c.tensor().buffer());
            pos = c.offset() + c.tensor().byteSize();
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }
}
