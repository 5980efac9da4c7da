package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.InferenceModel;
import org.vlbert.eval.refcoco.RefcocoPrediction;
import org.vlbert.eval.refcoco.RefcocoResults;
import org.vlbert.eval.refcoco.RefcocoRuns;
import org.vlbert.eval.vcr.VcrLeaderboard;
import org.vlbert.eval.vcr.VcrRuns;
import org.vlbert.eval.vqa.VqaRuns;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert test}: runs a checkpoint's inference graph over the test split and writes the
 * files the leaderboards take, as the reference {@code vqa/test.py}, {@code vcr/test.py} and
 * {@code refcoco/test.py} do (docs/evaluation.md).
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs a checkpoint's inference graph (infer.onnx, written into --result-path/graphs/ and"
                + " loaded from there) over the test split and writes the result files:",
            "  vqa:     <name>_vqa2_<TEST_IMAGE_SET>.json, the EvalAI format [{\"question_id\", \"answer\"}];",
            "  vcr:     <name>_test_result_Q2A.csv / _QA2R.csv per model and, with --a-* and --r-*, the"
                + " leaderboard file <name>_test_result_Q2AR.csv (annot_id + 20 probability columns);",
            "  refcoco: <name>_refcoco+_<split>.json ([{\"ref_id\", \"box\"}]) and"
                + " <name>_refcoco+_<split>_accuracy.json; prints 'Accuracy: <percent>.' (IoU >= 0.5)."})
public final class TestCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private OverrideOptions overrides;

    @Mixin
    private EvalRunOptions run;

    @Mixin
    private ModelChoiceOptions models;

    @Option(names = "--result-path", required = true, paramLabel = "DIR", description = "Output directory.")
    private Path resultPath;

    @Option(names = "--result-name", paramLabel = "NAME", description = "Output file stem (default: the config"
            + " name for vqa, MODEL_PREFIX for vcr and refcoco, as the reference).")
    private String resultName;

    @Option(names = "--split", paramLabel = "S", description = "Sets DATASET.TEST_IMAGE_SET: e.g. test2015 (vqa);"
            + " val, testA, testB or test (refcoco). Default: the config's.")
    private String split;

    @Option(names = "--test-file", paramLabel = "FILE", description = "VCR: sets DATASET.TEST_ANNOTATION_FILE"
            + " (e.g. test.jsonl).")
    private String testFile;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (models.vcrPair()) {
            if (models.cfg != null || models.ckpt != null) {
                throw usage("use either --cfg/--ckpt (one model) or --a-cfg/--a-ckpt and --r-cfg/--r-ckpt (VCR)");
            }
            return vcrPair(out, err);
        }
        if (models.cfg == null || models.ckpt == null) {
            throw usage("--cfg and --ckpt are required (VCR also accepts --a-cfg/--a-ckpt --r-cfg/--r-ckpt)");
        }
        VlbertConfig config = overrides.load(models.cfg, extraOverrides(), err);
        switch (config.task()) {
            case VQA -> vqa(config, out, err);
            case VCR -> {
                List<VcrLeaderboard.Row> rows = vcr(config, models.ckpt, err);
                VcrLeaderboard.Kind kind = VcrRuns.kind(config);
                String name = resultName != null ? resultName : config.general().modelPrefix();
                String text = kind == VcrLeaderboard.Kind.Q2A ? VcrLeaderboard.answerCsv(rows)
                        : VcrLeaderboard.rationaleCsv(rows);
                out.println("result csv saved to " + VcrLeaderboard.write(resultPath, name, kind, text) + ".");
            }
            case REFCOCO -> refcoco(config, out, err);
            case PRETRAIN -> throw new VlbertException(models.cfg + " is a pretraining config: 'vlbert test' evaluates vqa,"
                    + " vcr and refcoco models");
        }
        out.flush();
        return 0;
    }

    private List<String> extraOverrides() {
        List<String> extra = new ArrayList<>();
        if (split != null) {
            extra.add("DATASET.TEST_IMAGE_SET=" + split);
        }
        if (testFile != null) {
            extra.add("DATASET.TEST_ANNOTATION_FILE=" + testFile);
        }
        if (run.batchSize != null) {
            extra.add("TEST.BATCH_IMAGES=" + run.batchSize);
        }
        return extra;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private InferenceModel open(VlbertConfig config, Path checkpoint, String label, PrintWriter err) {
        return run.open(config, checkpoint, resultPath.resolve("graphs").resolve(label), err);
    }

    private void vqa(VlbertConfig config, PrintWriter out, PrintWriter err) {
        String name = resultName != null ? resultName : config.name();
        try (InferenceModel model = open(config, models.ckpt, "vqa", err)) {
            Path file = VqaRuns.test(config, model, resultPath, name, EvalRunOptions.progress(err));
            out.println("result json saved to " + file + ".");
        }
    }

    private List<VcrLeaderboard.Row> vcr(VlbertConfig config, Path checkpoint, PrintWriter err) {
        VcrLeaderboard.Kind kind = VcrRuns.kind(config);
        try (InferenceModel model = open(config, checkpoint, "vcr-" + kind.name().toLowerCase(java.util.Locale.ROOT),
                err)) {
            return VcrRuns.test(config, model, EvalRunOptions.progress(err));
        }
    }

    /** Both VCR models: their per-task files and the merged leaderboard file. */
    private int vcrPair(PrintWriter out, PrintWriter err) {
        if (models.answerCfg == null || models.answerCkpt == null || models.rationaleCfg == null || models.rationaleCkpt == null) {
            throw usage("the VCR leaderboard file needs all of --a-cfg, --a-ckpt, --r-cfg and --r-ckpt");
        }
        if (split != null) {
            throw usage("--split does not apply to VCR: use --test-file");
        }
        List<String> extra = extraOverrides();
        List<String> a = new ArrayList<>(extra);
        a.add("DATASET.TASK=Q2A");
        List<String> r = new ArrayList<>(extra);
        r.add("DATASET.TASK=QA2R");
        VlbertConfig aCfg = overrides.load(models.answerCfg, a, err);
        VlbertConfig rCfg = overrides.load(models.rationaleCfg, r, err);
        EvalRunOptions.requireVcr(aCfg);
        EvalRunOptions.requireVcr(rCfg);
        List<VcrLeaderboard.Row> answers = vcr(aCfg, models.answerCkpt, err);
        List<VcrLeaderboard.Row> rationales = vcr(rCfg, models.rationaleCkpt, err);
        String aName = resultName != null ? resultName : aCfg.general().modelPrefix();
        String rName = resultName != null ? resultName : rCfg.general().modelPrefix();
        out.println("result csv saved to " + VcrLeaderboard.write(resultPath, aName, VcrLeaderboard.Kind.Q2A,
                VcrLeaderboard.answerCsv(answers)) + ".");
        out.println("result csv saved to " + VcrLeaderboard.write(resultPath, rName, VcrLeaderboard.Kind.QA2R,
                VcrLeaderboard.rationaleCsv(rationales)) + ".");
        out.println("merged result csv saved to " + VcrLeaderboard.write(resultPath, aName, VcrLeaderboard.Kind.Q2AR,
                VcrLeaderboard.mergedCsv(answers, rationales)) + ".");
        out.flush();
        return 0;
    }

    private void refcoco(VlbertConfig config, PrintWriter out, PrintWriter err) {
        String name = resultName != null ? resultName : config.general().modelPrefix();
        String set = config.dataset().testImageSet();
        List<RefcocoPrediction> predictions;
        try (InferenceModel model = open(config, models.ckpt, "refcoco", err)) {
            predictions = RefcocoRuns.test(config, model, EvalRunOptions.progress(err));
        }
        out.println("result json saved to " + RefcocoResults.writePredictions(resultPath, name, set, predictions) + ".");
        out.println("Evaluate on split: " + set + "...");
        RefcocoResults.Accuracy acc = RefcocoResults.accuracy(set, predictions);
        out.println(acc.line());
        out.println("accuracy json saved to " + RefcocoResults.writeAccuracy(resultPath, name, acc, predictions) + ".");
    }
}
