package org.vlbert.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.VocabularyException;
import org.vlbert.data.vcr.VcrMetadata;
import org.vlbert.data.vcr.VcrTask;
import org.vlbert.export.InferencePackage;
import org.vlbert.export.PackageTask;
import org.vlbert.export.Prediction;
import org.vlbert.export.Predictor;
import org.vlbert.export.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vlbert predict}: answers queries with an exported inference package. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Run an inference package (folder or .zip from 'vlbert export') on one query or a JSONL file"
                + " of queries. The package is validated first (manifest version, every file and its SHA-256).",
                "VQA: --question TEXT → top-k answers with sigmoid scores. RefCOCO+: --expression TEXT → the box"
                        + " (x1, y1, x2, y2 in original pixels). VCR: --question TEXT --choices A B C D [--answer"
                        + " TEXT for QA->R] [--objects CLASSES] → a softmax probability per choice. Region features"
                        + " come from a regions.arrow file (vlbert data convert-features)."})
public final class PredictCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Option(names = "--package", required = true, paramLabel = "DIR|ZIP", description = "The inference package.")
    private Path packagePath;

    @Option(names = "--features", paramLabel = "FILE", description = "regions.arrow holding the images' regions.")
    private Path features;

    @Option(names = "--image-id", paramLabel = "ID", description = "Image of the single query.")
    private String imageId;

    @Option(names = "--question", paramLabel = "TEXT", description = "VQA or VCR question (single query).")
    private String question;

    @Option(names = "--expression", paramLabel = "TEXT", description = "RefCOCO+ referring expression (single query).")
    private String expression;

    @Option(names = "--choices", arity = "4", paramLabel = "TEXT", description = "VCR: the 4 answers (Q->A"
            + " package) or rationales (QA->R package). Refer to regions as [i] or [i, j] (0-based, regions-file"
            + " order).")
    private List<String> choices;

    @Option(names = "--answer", paramLabel = "TEXT", description = "VCR QA->R: the answer the rationales justify.")
    private String answer;

    @Option(names = "--objects", split = ",", paramLabel = "CLASS", description = "VCR: the COCO class of each of"
            + " the image's regions, comma-separated (e.g. person,dog,person); needed when the text refers to"
            + " regions.")
    private List<String> objects;

    @Option(names = "--questions", paramLabel = "FILE.jsonl", description = "Batch mode: one JSON object per line"
            + " with \"image_id\", \"question\" (VQA, VCR) or \"expression\" (RefCOCO+), an optional \"id\"; VCR"
            + " adds \"choices\", \"answer\" (QA->R) and \"objects\" (VCR annotation lines work as they are).")
    private Path queriesFile;

    @Option(names = "--image", paramLabel = "FILE", description = "End-to-end RefCOCO+ packages: the image of the"
            + " single query (JPEG, PNG).")
    private Path image;

    @Option(names = "--boxes", paramLabel = "JSON", description = "End-to-end RefCOCO+ packages: the candidate boxes"
            + " of --image, '[[x1, y1, x2, y2], ...]' in pixels.")
    private String boxes;

    @Option(names = "--metadata", paramLabel = "FILE.json", description = "End-to-end VCR packages: the VCR metadata"
            + " of --image (boxes, instance polygons, names).")
    private Path metadata;

    @Option(names = "--images", paramLabel = "DIR", description = "End-to-end packages in batch mode: the folder that"
            + " the lines' \"image\" paths are relative to (default: the folder of the --questions file).")
    private Path imagesDir;

    @Option(names = "--top-k", defaultValue = "5", description = "Answers per VQA question (default ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--batch", defaultValue = "16", description = "Queries per model run (default ${DEFAULT-VALUE};"
            + " end-to-end packages: 1, since padding images to a batch's largest changes their answers slightly).")
    private int batch;

    @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default ${DEFAULT-VALUE}).")
    private int threads;

    @Option(names = "--json", description = "One JSON object per query on stdout.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        try {
            return predict();
        } catch (DataException | VocabularyException e) {
            throw new VlbertException(e.getMessage(), e);
        }
    }

    private int predict() throws IOException {
        if (topK < 1 || batch < 1 || threads < 1) {
            throw new ParameterException(spec.commandLine(), "--top-k, --batch and --threads must be >= 1");
        }
        if (queriesFile != null && !Files.isRegularFile(queriesFile)) {
            throw new VlbertException("--questions " + queriesFile + " does not exist");
        }
        try (InferencePackage pkg = InferencePackage.open(packagePath)) {
            boolean pixels = pkg.config().pixels() != null;
            checkImageSource(pixels);
            List<Query> queries = queries(pkg, pixels);
            PrintWriter out = spec.commandLine().getOut();
            try (RegionFeatures regions = pixels ? null : RegionFeatures.open(features);
                 Predictor p = new Predictor(pkg, threads)) {
                int size = batchSize(pixels);
                for (int start = 0; start < queries.size(); start += size) {
                    List<Query> part = queries.subList(start, Math.min(queries.size(), start + size));
                    for (Prediction pr : p.predict(part, regions, topK)) {
                        print(out, pkg, pr);
                    }
                    out.flush();
                }
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * Queries per model run. End-to-end models see each image zero-padded to the batch's largest (as
     * in the reference), so their answers depend a little on the other queries of a batch: they run
     * one query at a time unless --batch is given.
     */
    private int batchSize(boolean pixels) {
        return pixels && !spec.commandLine().getParseResult().hasMatchedOption("--batch") ? 1 : batch;
    }

    /** Region features for packages on precomputed features; image files for end-to-end packages. */
    private void checkImageSource(boolean pixels) {
        if (pixels && features != null) {
            throw new ParameterException(spec.commandLine(), "this package holds an end-to-end model that reads"
                    + " pixels: pass --image FILE and --boxes JSON (VCR: --metadata FILE.json), or the same fields in"
                    + " --questions lines, instead of --features");
        }
        if (!pixels && (image != null || boxes != null || imagesDir != null || metadata != null)) {
            throw new ParameterException(spec.commandLine(), "--image, --boxes, --metadata and --images are for"
                    + " packages of end-to-end models; this package takes region features (--features regions.arrow)");
        }
        if (!pixels && features == null) {
            throw new ParameterException(spec.commandLine(), "missing --features FILE (the regions.arrow with the"
                    + " images' region features)");
        }
    }

    /** The queries from the options or the JSONL file (regions are looked up afterwards). */
    private List<Query> queries(InferencePackage pkg, boolean pixels) throws IOException {
        PackageTask task = pkg.task();
        String given = task == PackageTask.REFCOCO ? expression : question;
        String wrong = task == PackageTask.REFCOCO ? question : expression;
        if (wrong != null) {
            throw new ParameterException(spec.commandLine(), "this is a " + task.id() + " package: pass the text with --"
                    + task.textInput() + ", not --" + (task == PackageTask.REFCOCO ? "question" : "expression"));
        }
        boolean vcrOptions = choices != null || answer != null || objects != null;
        if (task != PackageTask.VCR && vcrOptions) {
            throw new ParameterException(spec.commandLine(), "--choices, --answer and --objects are for VCR packages;"
                    + " this is a " + task.id() + " package");
        }
        if ((given == null) == (queriesFile == null)) {
            throw new ParameterException(spec.commandLine(), "pass either --" + task.textInput() + " TEXT with"
                    + " --image-id ID" + (task == PackageTask.VCR ? " and --choices" : "") + ", or --questions"
                    + " FILE.jsonl");
        }
        VcrTask vcrTask = task == PackageTask.VCR ? pkg.config().vcr().task() : null;
        if (given == null) {
            if (vcrOptions || imageId != null) {
                throw new ParameterException(spec.commandLine(), "--questions takes every field from the file; drop"
                        + " --image-id, --choices, --answer and --objects");
            }
            Path base = imagesDir != null ? imagesDir : queriesFile.toAbsolutePath().getParent();
            return PredictQueries.read(queriesFile, task, vcrTask, pixels ? base : null);
        }
        if (pixels && task == PackageTask.REFCOCO) {
            if (image == null || boxes == null) {
                throw new ParameterException(spec.commandLine(), "this package holds an end-to-end model: pass the"
                        + " image with --image FILE and its candidate boxes with --boxes '[[x1, y1, x2, y2], ...]'");
            }
            return List.of(new Query(null, singleImageId(), given,
                    List.of(), null, List.of(), "the query", new Query.PixelInput(image,
                    PredictQueries.boxes(boxes, "--boxes"))));
        }
        if (imageId == null && !pixels) {
            throw new ParameterException(spec.commandLine(), "missing --image-id ID for the single query");
        }
        if (task == PackageTask.VCR) {
            if (choices == null) {
                throw new ParameterException(spec.commandLine(), "missing --choices: the 4 " + (vcrTask == VcrTask.Q2A
                        ? "answers" : "rationales") + " of this VCR " + vcrTask.name() + " package");
            }
            if (vcrTask == VcrTask.QA2R && answer == null) {
                throw new ParameterException(spec.commandLine(), "missing --answer: this QA->R package rates the 4"
                        + " rationales (--choices) of an answer to the question");
            }
            if (vcrTask == VcrTask.Q2A && answer != null) {
                throw new ParameterException(spec.commandLine(), "--answer is for QA->R packages; this Q->A package"
                        + " takes the answers as --choices");
            }
            if (!pixels) {
                return List.of(new Query(null, imageId, given, choices, answer, objects == null ? List.of() : objects,
                        "the query"));
            }
            if (image == null || metadata == null) {
                throw new ParameterException(spec.commandLine(), "this package holds an end-to-end VCR model: pass"
                        + " the image with --image FILE and its VCR metadata (boxes, instance polygons) with"
                        + " --metadata FILE.json");
            }
            VcrMetadata meta = VcrMetadata.read(metadata);
            List<String> classes = objects != null ? objects : meta.names() != null ? meta.names() : List.of();
            return List.of(new Query(null, singleImageId(), given, choices, answer, classes,
                    "the query", new Query.PixelInput(image, meta.boxes(), meta.segms())));
        }
        return List.of(Query.ofText(null, imageId, given));
    }

    /** End-to-end single query: --image-id if given, else the image's file name. */
    private String singleImageId() {
        return imageId != null ? imageId : image.getFileName().toString();
    }

    private void print(PrintWriter out, InferencePackage pkg, Prediction p) {
        PackageTask task = pkg.task();
        if (json) {
            out.println(toJson(task, p));
            return;
        }
        out.printf("%simage %s: %s%n", p.id() == null ? "" : p.id() + " ", p.imageId(), p.text());
        switch (task) {
            case VQA -> {
                int i = 1;
                for (Prediction.Answer a : p.answers()) {
                    out.printf("  %d. %-24s %.4f%n", i++, a.answer(), a.score());
                }
            }
            case REFCOCO -> out.printf("  box [%.1f, %.1f, %.1f, %.1f] (%s), score %.4f%n", p.box()[0], p.box()[1],
                    p.box()[2], p.box()[3], p.region() == 0 ? "whole image" : "region " + (p.region() - 1), p.score());
            case VCR -> {
                for (int k = 0; k < p.choices().size(); k++) {
                    Prediction.Choice c = p.choices().get(k);
                    out.printf("  %s %d. %.4f  %s%n", k == p.region() ? "*" : " ", k, c.probability(), c.text());
                }
            }
        }
    }

    private static ObjectNode toJson(PackageTask task, Prediction p) {
        ObjectNode o = JSON.createObjectNode();
        if (p.id() != null) {
            o.put("id", p.id());
        }
        o.put("image_id", p.imageId());
        o.put(task.textInput(), p.text());
        switch (task) {
            case VQA -> {
                o.put("answer", p.answers().get(0).answer());
                ArrayNode a = o.putArray("answers");
                for (Prediction.Answer ans : p.answers()) {
                    a.addObject().put("answer", ans.answer()).put("score", ans.score());
                }
            }
            case REFCOCO -> {
                ArrayNode b = o.putArray("box");
                for (float v : p.box()) {
                    b.add(v);
                }
                o.put("region", p.region());
                o.put("score", p.score());
            }
            case VCR -> {
                ArrayNode c = o.putArray("choices");
                for (Prediction.Choice ch : p.choices()) {
                    c.addObject().put("text", ch.text()).put("logit", ch.logit()).put("probability", ch.probability());
                }
                o.put("best", p.region());
            }
        }
        return o;
    }
}
