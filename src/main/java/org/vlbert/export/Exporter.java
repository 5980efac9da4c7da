package org.vlbert.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.image.ImageTransform;
import org.vlbert.data.regions.Region;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.eval.InferenceModel;
import org.vlbert.graphs.artifacts.ArtifactException;
import org.vlbert.graphs.artifacts.ArtifactInfo;
import org.vlbert.graphs.artifacts.ArtifactReader;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.artifacts.WrittenArtifact;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.FileTrees;
import org.vlbert.tasks.CheckpointFiles;
import org.vlbert.tasks.ModelFactory;
import org.vlbert.tasks.SpecialTokens;
import org.vlbert.tasks.VisualSettings;

/**
 * Writes an inference package (docs/export.md): {@code model.onnx} with the checkpoint's weights,
 * {@code vocab.txt} and {@code tokenizer.json}, {@code answers.txt} (VQA), {@code config.json}
 * (with the VCR text conventions for VCR models),
 * {@code test_data_set_0/} (inputs and the model's outputs as TensorProtos) and
 * {@code manifest.json} with the SHA-256 of every other file. The package is assembled in a
 * staging folder next to the target and moved (or zipped) into place only when complete.
 */
public final class Exporter {
    public static final String MODEL_FILE = "model.onnx";
    public static final String VOCAB_FILE = "vocab.txt";
    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String ANSWERS_FILE = "answers.txt";
    public static final String TEST_DATA_DIR = "test_data_set_0";

    /** A real sample for the test data: a query on one image of a regions file. */
    public record Sample(Path features, Query query) {}

    /**
     * @param vocab            vocab.txt to package (null: {@code NETWORK.BERT_MODEL_NAME}/vocab.txt)
     * @param answers          the answer list of a VQA model (null: {@code DATASET.ANSWER_VOCAB_FILE})
     * @param sample           the test-data sample (null: two synthetic images and questions)
     * @param externalThreshold parameter bytes above which the weights go to model.onnx.data
     */
    public record Options(Path out, boolean zip, Optimization optimization, Path vocab, Path answers, Sample sample,
                          long externalThreshold, int threads, String producerVersion) {}

    /** What was written. */
    public record Result(Path target, PackageTask task, Path checkpointFile, long parameters, long bytes,
                         List<String> files, ObjectNode optimization) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private Exporter() {}

    /** What export needs besides the options, checked and loaded before anything is written. */
    private record Model(VlbertConfig cfg, PackageTask task, Path vocabFile, BertTokenizer tokenizer, TaskGraph graph,
                         AnswerVocabulary answers, Path checkpointFile, Map<String, HostTensor> values,
                         ImageResize resize, ImageTransform pixels) {}

    public static Result export(VlbertConfig cfg, Path ckpt, Options o) {
        Model m = load(cfg, ckpt, o);
        Path target = o.out().toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new PackageException(target + " already exists; choose another --out or remove it");
        }
        Path staging = null;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".partial-");
            ObjectNode manifest = assemble(staging, m, o);
            makeReadable(staging);
            List<String> files = new ArrayList<>();
            manifest.get("files").forEach(f -> files.add(f.get("path").asText()));
            files.add(Manifest.FILE);
            if (o.zip()) {
                PackageZip.write(staging, files, target);
                FileTrees.delete(staging);
            } else {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            }
            staging = null;
            return new Result(target, m.task(), m.checkpointFile(), manifest.at("/model/parameters").asLong(),
                    size(target), files, o.optimization().describe());
        } catch (ArtifactException e) {
            throw new PackageException(e.getMessage(), e);
        } catch (IOException e) {
            throw new PackageException("cannot write the package " + target + ": " + e.getMessage(), e);
        } finally {
            if (staging != null) {
                try {
                    FileTrees.delete(staging);
                } catch (IOException e) {
                    // leave the hidden staging folder; the error being reported matters more
                }
            }
        }
    }

    /** Checks the config, vocabulary and answers, and loads the checkpoint strictly. */
    private static Model load(VlbertConfig cfg, Path ckpt, Options o) {
        PackageTask task = PackageTask.of(cfg);
        Path vocabFile = o.vocab() != null ? o.vocab() : Path.of(cfg.network().bertModelName()).resolve(VOCAB_FILE);
        if (!Files.isRegularFile(vocabFile)) {
            throw new PackageException("no vocabulary at " + vocabFile + " (NETWORK.BERT_MODEL_NAME of " + cfg.source()
                    + "); pass the model's vocab.txt with --vocab");
        }
        BertTokenizer tokenizer = BertTokenizer.fromVocab(vocabFile);
        if (tokenizer.vocabulary().size() > cfg.vlbert().vocabSize()) {
            throw new PackageException(vocabFile + " has " + tokenizer.vocabulary().size() + " entries but the model's"
                    + " word embeddings have " + cfg.vlbert().vocabSize() + " rows (NETWORK.VLBERT.vocab_size); pass"
                    + " the vocabulary the model was trained with");
        }
        SpecialTokens special = new SpecialTokens(tokenizer.clsId(), tokenizer.sepId(), tokenizer.maskId());
        TaskGraph graph = ModelFactory.create(cfg, special);
        AnswerVocabulary answers = task == PackageTask.VQA ? answers(cfg, o.answers()) : null;
        Path ckptFile = CheckpointFiles.resolve(ckpt);
        Map<String, HostTensor> values = CheckpointFiles.loadParams(ckpt, InferenceModel.parameterShapes(graph));
        ImageTransform pixels = cfg.network().imageFeatPrecomputed() ? null : VisualSettings.transform(cfg);
        if (pixels != null && o.sample() != null) {
            throw new PackageException(cfg.source() + " is an end-to-end model (it reads pixels): the --sample-*"
                    + " options give region features, so leave them out; the package's test data then uses"
                    + " synthetic images");
        }
        return new Model(cfg, task, vocabFile, tokenizer, graph, answers, ckptFile, values, VisualSettings.resize(cfg), pixels);
    }

    /** Writes every package file into {@code dir}, the manifest last; returns the manifest. */
    private static ObjectNode assemble(Path dir, Model m, Options o) throws IOException {
        ArtifactWriter writer = new ArtifactWriter(m.graph()).producerVersion(o.producerVersion())
                .configHash(m.cfg().hash()).externalDataThreshold(o.externalThreshold());
        WrittenArtifact model = writer.writeInfer(dir, MODEL_FILE, m.values());
        String external = model.externalData() ? model.dataFile().getFileName().toString() : null;
        o.optimization().apply(dir.resolve(MODEL_FILE), external, o.threads());

        Files.copy(m.vocabFile(), dir.resolve(VOCAB_FILE));
        Files.write(dir.resolve(TOKENIZER_FILE), TokenizerJson.write(m.tokenizer().vocabulary()));
        if (m.answers() != null) {
            Files.write(dir.resolve(ANSWERS_FILE), m.answers().answers(), StandardCharsets.UTF_8);
        }
        ObjectNode config = PackageConfig.write(m.cfg(), m.task(), m.tokenizer(), m.resize(),
                m.answers() == null ? 0 : m.answers().size(), m.pixels());
        Files.write(dir.resolve(PackageConfig.FILE), pretty(config));

        // the test inputs are built from the written config.json, exactly as predict will build them
        PackageConfig packaged = PackageConfig.read(config, PackageConfig.FILE);
        PackageHead head = PackageHead.of(packaged, m.tokenizer(), m.answers() == null ? List.of()
                : m.answers().answers());
        ManifestWriter.TestData test = writeTestData(dir, head, o.sample(), packaged, o.threads());

        ArtifactInfo info = ArtifactReader.describe(dir.resolve(MODEL_FILE));
        ManifestWriter.Source source = new ManifestWriter.Source(o.producerVersion(), m.cfg().source(), m.cfg().hash(),
                m.checkpointFile().toString(), o.optimization().describe());
        ObjectNode manifest = ManifestWriter.write(dir, m.task(), info, MODEL_FILE, external, source, m.resize(),
                m.pixels() != null, test);
        Files.write(dir.resolve(Manifest.FILE), pretty(manifest));
        return manifest;
    }

    private static AnswerVocabulary answers(VlbertConfig cfg, Path override) {
        Path file = override != null ? override : Path.of(cfg.dataset().answerVocabFile());
        if (!Files.isRegularFile(file)) {
            throw new PackageException("no answer list at " + file + " (DATASET.ANSWER_VOCAB_FILE of " + cfg.source()
                    + "); pass it with --answers");
        }
        AnswerVocabulary a = AnswerVocabulary.load(file);
        if (a.size() != cfg.dataset().answerVocabSize()) {
            throw new PackageException(file + " lists " + a.size() + " answers but the model has "
                    + cfg.dataset().answerVocabSize() + " (DATASET.ANSWER_VOCAB_SIZE); pass the list it was trained with");
        }
        return a;
    }

    /** Builds the test inputs, runs the written model on them and stores both as TensorProtos. */
    private static ManifestWriter.TestData writeTestData(Path dir, PackageHead head, Sample sample,
                                                         PackageConfig config, int threads) throws IOException {
        List<String> descriptions = new ArrayList<>();
        Map<String, HostTensor> feeds;
        if (config.pixels() != null) {
            feeds = syntheticPictures(head, config.task(), config.vcr(), descriptions);
        } else if (sample != null) {
            try (RegionFeatures regions = RegionFeatures.open(sample.features())) {
                Region r = PackageQueries.region(regions, sample.query().imageId());
                head.check(sample.query(), r);
                feeds = head.inputs(List.of(sample.query()), List.of(r));
            }
            descriptions.add("image " + sample.query().imageId() + " of " + sample.features().getFileName() + ": "
                    + describe(sample.query()));
        } else {
            List<Query> queries = SyntheticQueries.of(config.task(), config.vcr());
            List<Region> regions = new ArrayList<>();
            for (int i = 0; i < queries.size(); i++) {
                Region r = SyntheticRegions.create(queries.get(i).imageId(), 640 - 160 * i, 480,
                        SyntheticQueries.regions(i), 2048, 11 + i);
                head.check(queries.get(i), r);
                regions.add(r);
                descriptions.add("synthetic image " + r.width() + "x" + r.height() + " with " + r.numBoxes()
                        + " random regions: " + describe(queries.get(i)));
            }
            feeds = head.inputs(queries, regions);
        }
        Path test = Files.createDirectories(dir.resolve(TEST_DATA_DIR));
        List<String> inFiles = new ArrayList<>();
        List<String> outFiles = new ArrayList<>();
        try (ModelRunner runner = new ModelRunner(dir.resolve(MODEL_FILE), threads)) {
            List<String> names = runner.inputNames();
            for (int i = 0; i < names.size(); i++) {
                String file = "input_" + i + ".pb";
                TensorProtoFiles.write(test.resolve(file), names.get(i), feeds.get(names.get(i)));
                inFiles.add(file);
            }
            Map<String, HostTensor> outputs = runner.run(feeds);
            int j = 0;
            for (Map.Entry<String, HostTensor> e : outputs.entrySet()) {
                String file = "output_" + j++ + ".pb";
                TensorProtoFiles.write(test.resolve(file), e.getKey(), e.getValue());
                outFiles.add(file);
            }
        }
        return new ManifestWriter.TestData(TEST_DATA_DIR, inFiles, outFiles, descriptions);
    }

    /** Test inputs of an end-to-end package: the synthetic queries on synthetic images (written, read, deleted). */
    private static Map<String, HostTensor> syntheticPictures(PackageHead head, PackageTask task, PackageConfig.Vcr vcr,
                                                             List<String> descriptions) throws IOException {
        Path tmp = Files.createTempDirectory("vlbert-export-images-");
        try {
            List<Query> queries = new ArrayList<>();
            List<Region> none = new ArrayList<>();
            List<Query> texts = SyntheticQueries.of(task, vcr);
            for (int i = 0; i < texts.size(); i++) {
                Query t = texts.get(i);
                Query.PixelInput pic = SyntheticPictures.write(tmp, i, 640 - 160 * i, 480, SyntheticQueries.regions(i),
                        11 + i, task == PackageTask.VCR);
                Query q = new Query(t.id(), t.imageId(), t.text(), t.choices(), t.answer(), t.objects(), t.origin(),
                        pic);
                head.check(q, null);
                queries.add(q);
                none.add(null);
                descriptions.add("synthetic " + (640 - 160 * i) + "x480 image of " + pic.boxes().length
                        + " coloured rectangles (the candidate boxes): " + describe(q));
            }
            return head.inputs(queries, none);
        } finally {
            FileTrees.delete(tmp);
        }
    }

    /** The query's texts for the manifest: the text, then the answer and choices of a VCR query. */
    private static String describe(Query q) {
        StringBuilder b = new StringBuilder(q.text());
        if (q.answer() != null) {
            b.append(" | answer: ").append(q.answer());
        }
        if (!q.choices().isEmpty()) {
            b.append(" | choices: ").append(String.join(" / ", q.choices()));
        }
        if (!q.objects().isEmpty()) {
            b.append(" | objects: ").append(String.join(", ", q.objects()));
        }
        return b.toString();
    }

    /** Temporary folders and atomic writes are owner-only; a package is meant to be shared. */
    private static void makeReadable(Path dir) throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    static byte[] pretty(ObjectNode node) throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    }

    private static long size(Path p) throws IOException {
        if (Files.isRegularFile(p)) {
            return Files.size(p);
        }
        try (var s = Files.walk(p)) {
            long total = 0;
            for (Path f : (Iterable<Path>) s::iterator) {
                if (Files.isRegularFile(f)) {
                    total += Files.size(f);
                }
            }
            return total;
        }
    }
}
