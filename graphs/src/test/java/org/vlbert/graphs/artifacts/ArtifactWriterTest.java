package org.vlbert.graphs.artifacts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.model.toy.TinyTransformerClassifier;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.graphs.testutil.OrtRunner;

class ArtifactWriterTest {
    private static final TinyTransformerClassifier TOY =
            new TinyTransformerClassifier(TinyTransformerClassifier.Config.defaults());

    @TempDir
    Path dir;

    private static ArtifactWriter writer(TaskGraph def) {
        return new ArtifactWriter(def).producerVersion("1.2.3").configHash("cafe01");
    }

    private static Map<String, HostTensor> initialValues(ArtifactWriter w) {
        return new ParamInitializer(3).initializeAll(w.parameters());
    }

    private static Map<String, HostTensor> toyBatch() {
        Map<String, HostTensor> feeds = new HashMap<>();
        feeds.put("input_ids", HostTensor.ofLongs(new long[] {2, 4}, 1, 5, 9, 3, 1, 7, 0, 0));
        feeds.put("attention_mask", HostTensor.ofLongs(new long[] {2, 4}, 1, 1, 1, 1, 1, 1, 0, 0));
        feeds.put("labels", HostTensor.ofLongs(new long[] {2}, 1, 0));
        return feeds;
    }

    private static Set<String> files(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    @Test
    void writtenArtifactsDescribeThemselves() throws IOException {
        ArtifactWriter w = writer(TOY);
        List<Param> params = w.parameters();
        List<WrittenArtifact> written = w.writeAll(dir, initialValues(w));
        assertEquals(Set.of("train_step.onnx", "eval.onnx", "infer.onnx"), files(dir), "no dims.onnx: no data-dependent mask dims");
        long paramCount = params.stream().mapToLong(Param::numel).sum();

        for (WrittenArtifact a : written) {
            ArtifactInfo info = ArtifactReader.describe(a.file());
            Artifact inMemory = a.kind() == ArtifactKind.INFER ? w.buildInfer(initialValues(w)) : w.build(a.kind());
            Map<String, String> meta = info.metadata();
            assertEquals(a.kind(), info.kind());
            assertEquals("vlbert-java", meta.get(ArtifactMetadata.PRODUCER));
            assertEquals("1.2.3", meta.get(ArtifactMetadata.VERSION));
            assertEquals("cafe01", meta.get(ArtifactMetadata.CONFIG_HASH));
            assertEquals("toy-classifier", meta.get(ArtifactMetadata.TASK));
            assertEquals(paramCount, info.parameterCount(), a.kind().id());
            assertEquals(params.size(), info.parameterTensors(), a.kind().id());
            assertEquals(a.nodeCount(), info.nodeCount());
            assertEquals(info.nodeCount(), info.opHistogram().values().stream().mapToInt(Integer::intValue).sum());
            assertEquals(inMemory.model().getGraph().getInputList().stream().map(OnnxMl.ValueInfoProto::getName)
                    .toList(), info.inputs().stream().map(TensorInfo::name).toList());
            // The metadata convention lists exactly the graph's inputs and outputs.
            assertEquals(info.inputs().stream().map(TensorInfo::name).toList(),
                    List.copyOf(ArtifactMetadata.parseRoles(meta.get(ArtifactMetadata.INPUTS),
                            ArtifactMetadata.INPUTS).keySet()));
            assertEquals(info.outputs().stream().map(TensorInfo::name).toList(),
                    List.copyOf(ArtifactMetadata.parseRoles(meta.get(ArtifactMetadata.OUTPUTS),
                            ArtifactMetadata.OUTPUTS).keySet()));
        }

        ArtifactInfo train = ArtifactReader.describe(dir.resolve("train_step.onnx"));
        TensorInfo ids = train.inputs().get(0);
        assertEquals("input_ids", ids.name());
        assertEquals("int64", ids.dtype());
        assertEquals(List.of("batch", "seq_len"), ids.shape());
        assertEquals("batch", ids.role());
        List<String> expectedOutputs = new ArrayList<>(List.of("loss", "logits"));
        params.forEach(p -> expectedOutputs.add("grad." + p.name()));
        assertEquals(expectedOutputs, train.outputs().stream().map(TensorInfo::name).toList());
        TensorInfo qGrad = train.outputs().stream()
                .filter(o -> o.name().equals("grad.encoder.layer.1.attention.self.query.weight")).findFirst().orElseThrow();
        assertEquals("grad", qGrad.role());
        assertEquals(List.of(32L, 32L), qGrad.shape());
        assertEquals(List.of("embeddings.dropout", "encoder.layer.0.attention.self.dropout",
                        "encoder.layer.0.attention.output.dropout", "encoder.layer.0.output.dropout",
                        "encoder.layer.1.attention.self.dropout", "encoder.layer.1.attention.output.dropout",
                        "encoder.layer.1.output.dropout", "dropout").stream().map(site -> "dropout." + site).toList(),
                train.dropoutSites().stream().map(Dropout.Site::inputName).toList());
        assertTrue(train.metadata().get(ArtifactMetadata.DROPOUT_SITES).startsWith(
                "[{\"site\":\"embeddings.dropout\",\"input\":\"dropout.embeddings.dropout\",\"p\":0.1,"
                        + "\"shape\":[\"batch\",\"seq_len\",32]}"), train.metadata().get(ArtifactMetadata.DROPOUT_SITES));
        Dropout.Site att = train.dropoutSites().get(1);
        assertEquals("dropout.encoder.layer.0.attention.self.dropout", att.inputName());
        assertEquals(0.1f, att.p());
        assertEquals("[batch, 2, seq_len, seq_len]", att.shape().toString());
        long maskInputs = train.inputs().stream().filter(i -> i.role().equals("dropout_mask")).count();
        assertEquals(8, maskInputs);
        assertTrue(train.inputs().stream().filter(i -> i.role().equals("dropout_mask")).allMatch(i -> i.dtype().equals("bool")));
        assertEquals(params.size(), train.inputs().stream().filter(i -> i.role().equals("param")).count());

        ArtifactInfo eval = ArtifactReader.describe(dir.resolve("eval.onnx"));
        assertEquals(List.of("loss", "logits"), eval.outputs().stream().map(TensorInfo::name).toList());
        assertTrue(eval.dropoutSites().isEmpty());
        assertEquals(List.of("input_ids", "attention_mask", "labels"),
                eval.inputs().stream().filter(i -> i.role().equals("batch")).map(TensorInfo::name).toList());

        ArtifactInfo infer = ArtifactReader.describe(dir.resolve("infer.onnx"));
        assertEquals(List.of("input_ids", "attention_mask"), infer.inputs().stream().map(TensorInfo::name).toList());
        assertEquals(List.of("logits"), infer.outputs().stream().map(TensorInfo::name).toList());
        assertFalse(infer.externalData());
        assertTrue(infer.opHistogram().containsKey("Gemm"));
    }

    @Test
    void externalDataLoadsFromTheModelPathAndMatchesTheEmbeddedModel() throws IOException {
        ArtifactWriter w = writer(TOY);
        Map<String, HostTensor> values = initialValues(w);
        Path embeddedDir = Files.createDirectories(dir.resolve("embedded"));
        Path externalDir = Files.createDirectories(dir.resolve("external"));
        WrittenArtifact embedded = w.writeInfer(embeddedDir, values);
        WrittenArtifact external = writer(TOY).externalDataThreshold(1000).writeInfer(externalDir, values);

        assertFalse(embedded.externalData());
        assertTrue(external.externalData());
        assertEquals(Set.of("infer.onnx", "infer.onnx.data"), files(externalDir));
        long paramBytes = w.parameters().stream().mapToLong(Param::numel).sum() * 4;
        assertTrue(embedded.fileBytes() - external.fileBytes() > paramBytes - 100L * values.size(),
                "the external model file holds no parameter data: " + external.fileBytes());
        assertTrue(external.dataBytes() >= paramBytes && external.dataBytes() < paramBytes + 4096L * values.size());

        OnnxMl.ModelProto m = ArtifactReader.readModel(external.file());
        for (OnnxMl.TensorProto t : m.getGraph().getInitializerList()) {
            if (values.containsKey(t.getName())) {
                assertEquals(OnnxMl.TensorProto.DataLocation.EXTERNAL, t.getDataLocation(), t.getName());
                Map<String, String> ext = t.getExternalDataList().stream().collect(
                        Collectors.toMap(OnnxMl.StringStringEntryProto::getKey, OnnxMl.StringStringEntryProto::getValue));
                assertEquals("infer.onnx.data", ext.get("location"));
                assertEquals(0, Long.parseLong(ext.get("offset")) % 4096);
                assertEquals(values.get(t.getName()).byteSize(), Long.parseLong(ext.get("length")));
            }
        }
        ArtifactInfo info = ArtifactReader.describe(external.file());
        assertTrue(info.externalData());
        assertEquals(ArtifactReader.describe(embedded.file()).parameterCount(), info.parameterCount());

        Map<String, HostTensor> batch = toyBatch();
        batch.remove("labels");
        float[] a;
        float[] b;
        try (OrtRunner ort = new OrtRunner(embedded.file(), 1)) {
            a = ort.run(batch).get("logits").toFloatArray();
        }
        try (OrtRunner ort = new OrtRunner(external.file(), 1)) {
            b = ort.run(batch).get("logits").toFloatArray();
        }
        assertArrayEquals(a, b);
        assertTrue(Math.abs(a[0] - a[1]) > 0, "logits are not trivially equal");

        // Rewriting with embedded parameters removes the now-stale sidecar.
        w.writeInfer(externalDir, values);
        assertEquals(Set.of("infer.onnx"), files(externalDir));
    }

    @Test
    void failedWritesLeaveNeitherPartialNorTemporaryFiles() throws IOException {
        Path target = dir.resolve("x.onnx");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, ch -> {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(target));
        assertEquals(Set.of("x.onnx"), files(dir));

        ArtifactWriter w = writer(TOY);
        Map<String, HostTensor> values = new LinkedHashMap<>(initialValues(w));
        values.remove("classifier.weight");
        Path out = Files.createDirectories(dir.resolve("out"));
        ArtifactException e = assertThrows(ArtifactException.class, () -> w.writeAll(out, values));
        assertTrue(e.getMessage().contains("classifier.weight"), e.getMessage());
        assertEquals(Set.of("train_step.onnx", "eval.onnx"), files(out));
    }

    /** loss = sum(x * used); "spare" is trainable but unused, "frozen" gets no gradient. */
    private static final TaskGraph WITH_UNUSED = new TaskGraph() {
        @Override
        public String task() {
            return "unused-test";
        }

        @Override
        public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
            Value x = b.input("x", DType.FLOAT, "batch", 3);
            Value used = b.param("used", ParamInit.ones(), 3);
            b.param("spare", ParamInit.ones(), 2);
            Value frozen = b.frozenParam("frozen", ParamInit.ones(), 3);
            Value y = b.mul(b.mul(x, used), frozen);
            return new Result(Map.of("y", y), withLoss ? b.sumAll(y) : null, Map.of(), Map.of());
        }
    };

    @Test
    void unusedTrainableParametersGetZeroGradientsAndAreReported() throws IOException {
        ArtifactWriter w = writer(WITH_UNUSED);
        WrittenArtifact a = w.write(ArtifactKind.TRAIN_STEP, dir);
        assertEquals(List.of("spare"), a.unusedParams());
        ArtifactInfo info = ArtifactReader.describe(a.file());
        assertEquals(List.of("spare"), info.unusedParams());
        assertEquals(List.of("loss", "y", "grad.used", "grad.spare"),
                info.outputs().stream().map(TensorInfo::name).toList());
        String params = info.metadata().get(ArtifactMetadata.PARAMS);
        assertTrue(params.contains("{\"name\":\"frozen\",\"dtype\":\"float32\",\"shape\":[3],\"trainable\":false,"
                + "\"init\":{\"kind\":\"CONSTANT\",\"a\":1,\"b\":0},\"used\":true}"), params);
        assertTrue(params.contains("{\"name\":\"spare\",\"dtype\":\"float32\",\"shape\":[2],\"trainable\":true,"
                + "\"init\":{\"kind\":\"CONSTANT\",\"a\":1,\"b\":0},\"used\":false}"), params);

        Map<String, HostTensor> feeds = new HashMap<>();
        feeds.put("x", HostTensor.ofFloats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6));
        feeds.put("used", HostTensor.ofFloats(new long[] {3}, 1, 1, 1));
        feeds.put("frozen", HostTensor.ofFloats(new long[] {3}, 2, 2, 2));
        try (OrtRunner ort = new OrtRunner(a.file(), 1)) {
            Map<String, HostTensor> out = ort.run(feeds);
            assertArrayEquals(new float[] {10, 14, 18}, out.get("grad.used").toFloatArray());
            assertArrayEquals(new float[] {0, 0}, out.get("grad.spare").toFloatArray());
            assertArrayEquals(new float[] {42}, out.get("loss").toFloatArray());
        }
    }

    @Test
    void dropoutOnAShapeTheEngineCannotDeriveIsRejected() {
        TaskGraph bad = new TaskGraph() {
            @Override
            public String task() {
                return "bad-mask";
            }

            @Override
            public Result build(GraphBuilder b, Dropout dropout, boolean withLoss) {
                Value x = b.input("x", DType.FLOAT, "batch", 6);
                Value w = b.param("w", ParamInit.ones(), 6);
                Value flat = b.reshape(b.mul(x, w), -1, 3);   // [reshape_dim, 3]: not a batch dim
                Value y = dropout.apply(b, "drop", flat, 0.5f);
                return new Result(Map.of("y", y), withLoss ? b.sumAll(y) : null, Map.of(), Map.of());
            }
        };
        ArtifactException e = assertThrows(ArtifactException.class, () -> writer(bad).build(ArtifactKind.TRAIN_STEP));
        assertTrue(e.getMessage().contains("dropout site drop of task 'bad-mask': mask dim 'reshape_dim'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("[batch]"), e.getMessage());
        // Without dropout the same model builds.
        assertNull(writer(bad).withoutDropout().build(ArtifactKind.TRAIN_STEP).model().getGraph().getInputList()
                .stream().filter(i -> i.getName().startsWith("dropout.")).findFirst().orElse(null));
    }

    @Test
    void dropoutMasksGateTheTrainStep() {
        ArtifactWriter w = writer(TOY);
        Map<String, HostTensor> feeds = new HashMap<>(initialValues(w));
        feeds.putAll(toyBatch());
        Artifact train = w.build(ArtifactKind.TRAIN_STEP);
        List<Dropout.Site> sites = train.dropoutSites();
        try (OrtRunner ort = new OrtRunner(train.model(), 1)) {
            for (Dropout.Site s : sites) {
                feeds.put(s.inputName(), masks(s, 2, 4, true));
            }
            float[] keepAll = ort.run(feeds, Set.of("logits")).get("logits").toFloatArray();
            float[] again = ort.run(feeds, Set.of("logits")).get("logits").toFloatArray();
            assertArrayEquals(keepAll, again, "the same masks give the same step");
            feeds.put("dropout.dropout", masks(sites.get(sites.size() - 1), 2, 4, false));
            float[] dropAll = ort.run(feeds, Set.of("logits")).get("logits").toFloatArray();
            // Dropping the whole pooled vector leaves only the classifier bias (zeros at init).
            assertArrayEquals(new float[] {0, 0, 0, 0}, dropAll);
            assertFalse(java.util.Arrays.equals(keepAll, dropAll));
        }
    }

    /** A constant mask for a site with dims batch=2, seq_len=4. */
    static HostTensor masks(Dropout.Site s, long batch, long seqLen, boolean keep) {
        long[] shape = s.shape().dims().stream()
                .mapToLong(d -> d.isFixed() ? d.size() : d.symbol().equals("batch") ? batch : seqLen).toArray();
        HostTensor t = HostTensor.allocate(DType.BOOL, shape);
        var buf = t.buffer();
        for (int i = 0; i < buf.capacity(); i++) {
            buf.put(i, (byte) (keep ? 1 : 0));
        }
        return t;
    }
}
