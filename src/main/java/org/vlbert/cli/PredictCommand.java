package org.vlbert.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.tokenizer.VocabularyException;
import org.vlbert.export.InferencePackage;
import org.vlbert.export.PackageTask;
import org.vlbert.export.Prediction;
import org.vlbert.export.Predictor;
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
                        + " (x1, y1, x2, y2 in original pixels). Region features come from a regions.arrow file"
                        + " (vlbert data convert-features)."})
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

    @Option(names = "--question", paramLabel = "TEXT", description = "VQA question (single query).")
    private String question;

    @Option(names = "--expression", paramLabel = "TEXT", description = "RefCOCO+ referring expression (single query).")
    private String expression;

    @Option(names = "--choices", arity = "1..*", paramLabel = "TEXT", description = "VCR answer choices (VCR"
            + " packages cannot be exported yet; given for a clear error).")
    private List<String> choices;

    @Option(names = "--questions", paramLabel = "FILE.jsonl", description = "Batch mode: one JSON object per line"
            + " with \"image_id\", \"question\" (VQA) or \"expression\" (RefCOCO+), and an optional \"id\".")
    private Path queriesFile;

    @Option(names = "--top-k", defaultValue = "5", description = "Answers per VQA question (default ${DEFAULT-VALUE}).")
    private int topK;

    @Option(names = "--batch", defaultValue = "16", description = "Queries per model run (default ${DEFAULT-VALUE}).")
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
        if (choices != null) {
            throw new VlbertException("VCR prediction is not supported: 'vlbert export' writes VQA and RefCOCO+"
                    + " packages only (VCR text refers to the dataset's own detections by index, which a regions.arrow"
                    + " does not provide)");
        }
        if (features == null) {
            throw new ParameterException(spec.commandLine(), "missing --features FILE (the regions.arrow with the"
                    + " images' region features)");
        }
        if (queriesFile != null && !Files.isRegularFile(queriesFile)) {
            throw new VlbertException("--questions " + queriesFile + " does not exist");
        }
        try (InferencePackage pkg = InferencePackage.open(packagePath)) {
            List<Predictor.Query> queries = queries(pkg.task());
            PrintWriter out = spec.commandLine().getOut();
            try (RegionFeatures regions = RegionFeatures.open(features); Predictor p = new Predictor(pkg, threads)) {
                for (int start = 0; start < queries.size(); start += batch) {
                    List<Predictor.Query> part = queries.subList(start, Math.min(queries.size(), start + batch));
                    for (Prediction pr : p.predict(part, regions, topK)) {
                        print(out, pkg.task(), pr);
                    }
                    out.flush();
                }
            }
        }
        return Main.EXIT_OK;
    }

    /** The queries from the options or the JSONL file (regions are looked up afterwards). */
    private List<Predictor.Query> queries(PackageTask task) throws IOException {
        String given = task == PackageTask.VQA ? question : expression;
        String wrong = task == PackageTask.VQA ? expression : question;
        if (wrong != null) {
            throw new ParameterException(spec.commandLine(), "this is a " + task.id() + " package: pass the text with --"
                    + task.textInput() + ", not --" + (task == PackageTask.VQA ? "expression" : "question"));
        }
        if ((given == null) == (queriesFile == null)) {
            throw new ParameterException(spec.commandLine(), "pass either --" + task.textInput() + " TEXT with"
                    + " --image-id ID, or --questions FILE.jsonl");
        }
        List<Predictor.Query> out = new ArrayList<>();
        if (given != null) {
            if (imageId == null) {
                throw new ParameterException(spec.commandLine(), "missing --image-id ID for the single query");
            }
            out.add(new Predictor.Query(null, imageId, given));
            return out;
        }
        try (BufferedReader r = Files.newBufferedReader(queriesFile, StandardCharsets.UTF_8)) {
            int lineNo = 0;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n;
                try {
                    n = JSON.readTree(line);
                } catch (IOException e) {
                    throw new VlbertException(queriesFile + " line " + lineNo + " is not JSON: " + e.getMessage());
                }
                String text = n.path(task.textInput()).isTextual() ? n.path(task.textInput()).asText()
                        : n.path("text").isTextual() ? n.path("text").asText() : null;
                JsonNode img = n.get("image_id");
                if (text == null || img == null || !(img.isTextual() || img.isNumber())) {
                    throw new VlbertException(queriesFile + " line " + lineNo + " needs \"image_id\" and \""
                            + task.textInput() + "\"");
                }
                String id = n.hasNonNull("id") ? n.get("id").asText() : null;
                out.add(new Predictor.Query(id, img.asText(), text));
            }
        }
        if (out.isEmpty()) {
            throw new VlbertException(queriesFile + " holds no queries");
        }
        return out;
    }

    private void print(PrintWriter out, PackageTask task, Prediction p) {
        if (json) {
            ObjectNode o = JSON.createObjectNode();
            if (p.id() != null) {
                o.put("id", p.id());
            }
            o.put("image_id", p.imageId());
            o.put(task.textInput(), p.text());
            if (task == PackageTask.VQA) {
                o.put("answer", p.answers().get(0).answer());
                ArrayNode a = o.putArray("answers");
                for (Prediction.Answer ans : p.answers()) {
                    a.addObject().put("answer", ans.answer()).put("score", ans.score());
                }
            } else {
                ArrayNode b = o.putArray("box");
                for (float v : p.box()) {
                    b.add(v);
                }
                o.put("region", p.region());
                o.put("score", p.score());
            }
            out.println(o);
            return;
        }
        out.printf("%simage %s: %s%n", p.id() == null ? "" : p.id() + " ", p.imageId(), p.text());
        if (task == PackageTask.VQA) {
            int i = 1;
            for (Prediction.Answer a : p.answers()) {
                out.printf("  %d. %-24s %.4f%n", i++, a.answer(), a.score());
            }
        } else {
            out.printf("  box [%.1f, %.1f, %.1f, %.1f] (%s), score %.4f%n", p.box()[0], p.box()[1], p.box()[2],
                    p.box()[3], p.region() == 0 ? "whole image" : "region " + (p.region() - 1), p.score());
        }
    }
}
