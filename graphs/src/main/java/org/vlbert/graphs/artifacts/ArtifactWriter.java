package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.compile.TaskCompiler;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Writes the artifacts of one task graph: {@code train_step.onnx}, {@code eval.onnx} (both from
 * {@link TaskCompiler}), {@code dims.onnx} when the train step's dropout masks need data-dependent
 * sizes, and {@code infer.onnx} (the inference form with parameters embedded). Every model carries
 * the metadata of {@link ArtifactMetadata}. Files are written atomically; an infer model whose
 * parameters exceed {@link #externalDataThreshold(long)} bytes keeps them in the sidecar
 * {@code infer.onnx.data} (ONNX external data; load such a model from its path).
 */
public final class ArtifactWriter {
    /** Above this many parameter bytes infer.onnx uses external data (protobuf caps a model at 2 GiB). */
    public static final long DEFAULT_EXTERNAL_DATA_THRESHOLD = 1_500_000_000L;

    private final TaskGraph task;
    private String producerVersion = "dev";
    private String configHash = "";
    private long externalThreshold = DEFAULT_EXTERNAL_DATA_THRESHOLD;
    private boolean dropout = true;
    private boolean mixedPrecision;
    private CompiledTask compiled;

    public ArtifactWriter(TaskGraph task) {
        this.task = task;
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

    /** Builds the train step without dropout (every site the identity), as {@link TaskCompiler#withoutDropout}. */
    public ArtifactWriter withoutDropout() {
        this.dropout = false;
        this.compiled = null;
        return this;
    }

    /** FP16 mixed precision with a loss-scale input, as {@link TaskCompiler#mixedPrecision}. */
    public ArtifactWriter mixedPrecision() {
        this.mixedPrecision = true;
        this.compiled = null;
        return this;
    }

    /** The compiled training and evaluation forms (built once, on first use). */
    public CompiledTask compiled() {
        if (compiled == null) {
            TaskCompiler compiler = new TaskCompiler();
            if (!dropout) {
                compiler.withoutDropout();
            }
            if (mixedPrecision) {
                compiler.mixedPrecision();
            }
            CompiledTask c = compiler.compile(task);
            checkMaskDims(c);
            compiled = c;
        }
        return compiled;
    }

    /** Every parameter of the training graph, in creation order. */
    public List<Param> parameters() {
        return compiled().params();
    }

    /** Builds train_step, eval or dims (parameters as graph inputs). */
    public Artifact build(ArtifactKind kind) {
        CompiledTask c = compiled();
        OnnxMl.ModelProto model = switch (kind) {
            case TRAIN_STEP -> c.trainStep();
            case EVAL -> c.eval();
            case DIMS -> c.dims();
            case INFER -> throw new IllegalArgumentException("the infer artifact embeds parameters: use buildInfer(values)");
        };
        List<String> unused = kind == ArtifactKind.TRAIN_STEP ? c.unusedParams() : List.of();
        List<Dropout.Site> sites = kind == ArtifactKind.TRAIN_STEP ? c.dropoutSites() : List.of();
        List<String> dims = kind == ArtifactKind.TRAIN_STEP ? dimSymbols(c) : List.of();
        return new Artifact(kind, withMetadata(model, kind, c.params(), unused, sites, c.lossTerms(), dims), unused,
                sites);
    }

    /** Builds the infer model with every parameter it uses embedded inline. */
    public Artifact buildInfer(Map<String, HostTensor> values) {
        Objects.requireNonNull(values, "parameter values for infer.onnx");
        return buildInfer(values, null).artifact();
    }

    /** Writes train_step.onnx, eval.onnx or dims.onnx into {@code dir}. */
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
        return writeInfer(dir, ArtifactKind.INFER.fileName(), values);
    }

    /**
     * As {@link #writeInfer(Path, Map)} under another file name (e.g. {@code model.onnx} of an
     * export package); the sidecar is {@code fileName + ".data"}.
     */
    public WrittenArtifact writeInfer(Path dir, String fileName, Map<String, HostTensor> values) throws IOException {
        Objects.requireNonNull(values, "parameter values for infer.onnx");
        Path file = dir.resolve(fileName);
        Path dataFile = dir.resolve(fileName + ".data");
        Infer built = buildInfer(values, dataFile.getFileName().toString());
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

    /**
     * Writes train_step.onnx, eval.onnx, dims.onnx (only when the masks need it) and infer.onnx
     * into {@code dir}; {@code values} supply infer.onnx's parameters.
     */
    public List<WrittenArtifact> writeAll(Path dir, Map<String, HostTensor> values) throws IOException {
        List<WrittenArtifact> out = new ArrayList<>();
        out.add(write(ArtifactKind.TRAIN_STEP, dir));
        out.add(write(ArtifactKind.EVAL, dir));
        if (!dimSymbols(compiled()).isEmpty()) {
            out.add(write(ArtifactKind.DIMS, dir));
        } else {
            Files.deleteIfExists(dir.resolve(ArtifactKind.DIMS.fileName()));
        }
        out.add(writeInfer(dir, values));
        return out;
    }

    // ------------------------------------------------------------------ building

    private record Infer(Artifact artifact, ParamEmbedding.Result external) {}

    /**
     * The inference form with parameters embedded: inline, or as external data in
     * {@code externalLocation} if that is non-null and the parameters exceed the threshold.
     */
    private Infer buildInfer(Map<String, HostTensor> values, String externalLocation) {
        GraphBuilder b = new GraphBuilder();
        TaskGraph.Result r = task.build(b, Dropout.none(), false);
        if (r.outputs().isEmpty()) {
            throw new ArtifactException("task '" + task.task() + "' has no outputs to infer");
        }
        r.outputs().forEach(b::output);
        OnnxMl.ModelProto model = new OnnxEmitter(b.graph()).graphName(task.task().replace('-', '_') + "_infer")
                .emit(new ArrayList<>(r.outputs().keySet()));
        Map<String, Param> params = new LinkedHashMap<>(b.graph().params());
        boolean useExternal = externalLocation != null
                && ParamEmbedding.parameterBytes(model, params) > externalThreshold;
        ParamEmbedding.Result embedded = ParamEmbedding.embed(model, params, values,
                useExternal ? externalLocation : null);
        OnnxMl.ModelProto withMeta = withMetadata(embedded.model(), ArtifactKind.INFER, params.values(), List.of(),
                List.of(), List.of(), List.of());
        return new Infer(new Artifact(ArtifactKind.INFER, withMeta, List.of(), List.of()), useExternal ? embedded : null);
    }

    private OnnxMl.ModelProto withMetadata(OnnxMl.ModelProto model, ArtifactKind kind, Collection<Param> params,
                                           List<String> unused, List<Dropout.Site> sites, Collection<String> lossTerms,
                                           List<String> dims) {
        ArtifactMetadata.Facts facts = new ArtifactMetadata.Facts(kind, task.task(), OnnxEmitter.PRODUCER,
                producerVersion, configHash, params, unused, sites, lossTerms, dims);
        OnnxMl.ModelProto.Builder mb = model.toBuilder().setProducerVersion(producerVersion);
        // The compiler's own vlbert.kind/vlbert.task entries are replaced by the full set.
        Map<String, String> entries = ArtifactMetadata.entries(model, facts);
        List<OnnxMl.StringStringEntryProto> kept = new ArrayList<>();
        for (OnnxMl.StringStringEntryProto e : model.getMetadataPropsList()) {
            if (!entries.containsKey(e.getKey())) {
                kept.add(e);
            }
        }
        mb.clearMetadataProps().addAllMetadataProps(kept);
        entries.forEach((k, v) -> mb.addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return mb.build();
    }

    /** The data-dependent dims that dims.onnx computes. */
    private static List<String> dimSymbols(CompiledTask c) {
        List<String> out = new ArrayList<>();
        for (OnnxMl.ValueInfoProto o : c.dims().getGraph().getOutputList()) {
            out.add(o.getName().substring(CompiledTask.dimOutput("").length()));
        }
        return out;
    }

    /**
     * The engine shapes each mask from the batch's dims and the dims graph, so every symbol in a
     * mask shape must come from a batch input or from dims.onnx (alone or in a product/sum).
     */
    private void checkMaskDims(CompiledTask c) {
        Set<String> known = new LinkedHashSet<>(dimSymbols(c));
        for (CompiledTask.BatchInput in : c.batchInputs()) {
            for (Dim d : in.shape().dims()) {
                if (!d.isFixed()) {
                    known.addAll(atoms(d.symbol()));
                }
            }
        }
        for (Dropout.Site s : c.dropoutSites()) {
            for (Dim d : s.shape().dims()) {
                if (d.isFixed()) {
                    continue;
                }
                for (String atom : atoms(d.symbol())) {
                    if (!atom.chars().allMatch(Character::isDigit) && !known.contains(atom)) {
                        throw new ArtifactException("dropout site " + ArtifactMetadata.siteOf(s.inputName())
                                + " of task '" + task.task() + "': mask dim '" + d.symbol() + "' is neither a batch"
                                + " input dim nor a defined data-dependent dim " + known + "; apply dropout to a"
                                + " value whose shape uses those dims, or define the size with GraphBuilder.defineDim");
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
