package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.eval.InferenceModel;
import org.vlbert.eval.PythonText;
import org.vlbert.eval.ResultFiles;
import org.vlbert.eval.Validation;
import org.vlbert.eval.vcr.VcrJointAccuracy;
import org.vlbert.eval.vcr.VcrRuns;
import org.vlbert.eval.vqa.VqaDataset;
import org.vlbert.eval.vqa.VqaEvalException;
import org.vlbert.eval.vqa.VqaEvaluation;
import org.vlbert.eval.vqa.VqaEvaluator;
import org.vlbert.eval.vqa.VqaResultFile;
import org.vlbert.eval.vqa.VqaResults;
import org.vlbert.eval.vqa.VqaRevision;
import org.vlbert.eval.vqa.VqaRuns;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.TaskDataFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vlbert val}: validation metrics of a checkpoint computed with its inference graph: the
 * task's validation metrics as training reports them (SoftAcc, Acc, RefAcc), the official VQA
 * accuracy when the VQA question/annotation files are given, and for VCR the reference
 * {@code vcr/val.py} numbers Q->A, QA->R and Q->AR.
 */
@Command(name = "val", mixinStandardHelpOptions = true,
        description = {"Validation with a checkpoint's inference graph (infer.onnx) on DATASET.VAL_IMAGE_SET.",
            "Prints '<metric>\\t<value>' lines: vqa SoftAcc (and the official accuracy with --questions and"
                + " --annotations), refcoco RefAcc, vcr Acc; for VCR with --a-* and --r-* the reference's"
                + " 'Q->A', 'QA->R' and 'Q->AR' percentages."})
public final class ValCommand implements Callable<Integer> {
    @Spec
    private CommandSpec spec;

    @Mixin
    private OverrideOptions overrides;

    @Mixin
    private EvalRunOptions run;

    @Mixin
    private ModelChoiceOptions models;

    @Option(names = "--split", paramLabel = "S", description = "Sets DATASET.VAL_IMAGE_SET (default: the config's).")
    private String split;

    @Option(names = "--questions", paramLabel = "Q.json", description = "VQA: official question file of the val"
            + " split (or one from 'vlbert data export-vqa-json'); with --annotations prints the official accuracy.")
    private Path questions;

    @Option(names = "--annotations", paramLabel = "A.json", description = "VQA: official annotation file of the val split.")
    private Path annotations;

    @Option(names = "--revision", paramLabel = "current|legacy", defaultValue = "current",
            converter = EvalVqaCommand.RevisionConverter.class,
            description = "VQA: official evaluation revision (default: ${DEFAULT-VALUE}).")
    private VqaRevision revision;

    @Option(names = "--result-path", paramLabel = "DIR", description = "Keep the inference graph(s) and the"
            + " predictions here (vqa: <name>_vqa2_<split>.json and, when scored, <name>_vqa2_<split>_eval.json)."
            + " Default: a temporary directory, removed afterwards.")
    private Path resultPath;

    @Option(names = "--result-name", paramLabel = "NAME", description = "Output file stem (default: the config name).")
    private String resultName;

    private Path graphRoot;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((questions == null) != (annotations == null)) {
            throw usage("--questions and --annotations go together");
        }
        graphRoot = resultPath != null ? resultPath.resolve("graphs") : EvalRunOptions.tempGraphDir();
        try {
            if (models.vcrPair()) {
                if (models.cfg != null || models.ckpt != null) {
                    throw usage("use either --cfg/--ckpt or --a-cfg/--a-ckpt and/or --r-cfg/--r-ckpt (VCR)");
                }
                vcrPair(out, err);
            } else {
                if (models.cfg == null || models.ckpt == null) {
                    throw usage("--cfg and --ckpt are required (VCR also accepts --a-cfg/--a-ckpt --r-cfg/--r-ckpt)");
                }
                single(out, err);
            }
        } finally {
            if (resultPath == null) {
                EvalRunOptions.deleteTree(graphRoot);
            }
        }
        out.flush();
        return 0;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private List<String> extraOverrides() {
        List<String> extra = new ArrayList<>();
        if (split != null) {
            extra.add("DATASET.VAL_IMAGE_SET=" + split);
        }
        if (run.batchSize != null) {
            extra.add("VAL.BATCH_IMAGES=" + run.batchSize);
        }
        return extra;
    }

    private void single(PrintWriter out, PrintWriter err) {
        VlbertConfig config = overrides.load(models.cfg, extraOverrides(), err);
        if (config.task() == Task.PRETRAIN) {
            throw new VlbertException(models.cfg + " is a pretraining config: 'vlbert val' evaluates vqa, vcr and refcoco models"
                    + " (pretraining validation runs during 'vlbert train')");
        }
        if (questions != null && config.task() != Task.VQA) {
            throw usage("--questions/--annotations apply to VQA only");
        }
        try (InferenceModel model = run.open(config, models.ckpt, graphRoot.resolve(config.task().id()), err)) {
            if (config.task() == Task.VQA) {
                vqa(config, model, out, err);
            } else {
                Validation.Outcome o;
                try (TaskData data = TaskDataFactory.open(config)) {
                    o = Validation.run(data, model, null, EvalRunOptions.progress(err));
                }
                printMetrics(o.metrics(), out);
            }
        }
    }

    private static void printMetrics(Map<String, Double> metrics, PrintWriter out) {
        metrics.forEach((name, value) -> out.println(name + "\t" + PythonText.repr(value)));
    }

    private void vqa(VlbertConfig config, InferenceModel model, PrintWriter out, PrintWriter err) {
        VqaRuns.ValResult r = VqaRuns.val(config, model, EvalRunOptions.progress(err));
        printMetrics(r.outcome().metrics(), out);
        String name = resultName != null ? resultName : config.name();
        String set = config.dataset().valImageSet();
        Path dir = resultPath != null ? resultPath : graphRoot;
        Path results = VqaResultFile.write(dir, name, set, r.predictions());
        if (resultPath != null) {
            out.println("result json saved to " + results + ".");
        }
        if (questions == null) {
            return;
        }
        VqaEvaluation e;
        try {
            VqaDataset dataset = VqaDataset.load(questions, annotations);
            e = VqaEvaluator.evaluate(dataset, VqaResults.load(results, dataset), revision);
        } catch (VqaEvalException ex) {
            throw new VlbertException(ex.getMessage(), ex);
        }
        out.println("Accuracy\t" + PythonText.repr(e.overall()));
        e.perAnswerType().forEach((type, acc) -> out.println("Accuracy/" + type + "\t" + PythonText.repr(acc)));
        if (resultPath != null) {
            Path file = ResultFiles.writeText(resultPath.resolve(name + "_vqa2_" + set + "_eval.json"), e.toJson() + "\n");
            out.println("official evaluation saved to " + file + ".");
        }
    }

    /** The reference vcr/val.py: either model or both, then Q->A, QA->R and (with both) Q->AR. */
    private void vcrPair(PrintWriter out, PrintWriter err) {
        if ((models.answerCfg == null) != (models.answerCkpt == null) || (models.rationaleCfg == null) != (models.rationaleCkpt == null)) {
            throw usage("give --a-cfg with --a-ckpt and --r-cfg with --r-ckpt");
        }
        Validation.Outcome a = models.answerCfg == null ? null : vcrSide(models.answerCfg, models.answerCkpt, "Q2A", err);
        Validation.Outcome r = models.rationaleCfg == null ? null : vcrSide(models.rationaleCfg, models.rationaleCkpt, "QA2R", err);
        VcrJointAccuracy acc = VcrJointAccuracy.of(a == null ? null : a.predicted(), a == null ? null : a.labels(),
                r == null ? null : r.predicted(), r == null ? null : r.labels());
        acc.lines().forEach(out::println);
    }

    private Validation.Outcome vcrSide(Path file, Path checkpoint, String task, PrintWriter err) {
        List<String> extra = extraOverrides();
        extra.add("DATASET.TASK=" + task);
        VlbertConfig config = overrides.load(file, extra, err);
        EvalRunOptions.requireVcr(config);
        try (InferenceModel model = run.open(config, checkpoint, graphRoot.resolve("vcr-" + task.toLowerCase(
                java.util.Locale.ROOT)), err)) {
            return VcrRuns.val(config, model, EvalRunOptions.progress(err));
        }
    }
}
