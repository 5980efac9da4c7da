package org.vlbert.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.demo.DemoData;
import org.vlbert.data.demo.DemoVqaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert data demo}: writes the synthetic demo datasets. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate small synthetic but learnable datasets in the real formats, all under --out:"
                + " vocab.txt (a tiny BERT-style vocabulary) and regions.arrow shared by every task; VQA:"
                + " answers.txt (32 answers) and vqa_train/val/test.arrow; VCR: vcr_train/val/test.arrow;"
                + " RefCOCO+: refcoco+.arrow; pretraining: captions_train/val.arrow and corpus_train/val.arrow.",
            "Objects have a colour, shape and size encoded in their region features; questions, answers and"
                + " expressions are about specific objects (what color is the cube? what color is [1]? the red"
                + " cube ...), captions describe the scene."})
public final class DataDemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--task", defaultValue = "vqa", paramLabel = "TASK",
            description = "vqa, vcr, refcoco, pretrain or all (default: ${DEFAULT-VALUE}).")
    String task;

    @Option(names = "--images", defaultValue = "1000", paramLabel = "N",
            description = "Images (70%% train, 15%% val, 15%% test; default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--questions", defaultValue = "5000", paramLabel = "N",
            description = "VQA training questions; val and test get N/5 each (default: ${DEFAULT-VALUE}).")
    int questions;

    @Option(names = "--samples", defaultValue = "1000", paramLabel = "N",
            description = "Training samples of VCR (items), RefCOCO+ (refs, at most) and pretraining (captions and"
                    + " corpus lines); val/test get N/5 (default: ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--boxes", defaultValue = "3", paramLabel = "N", description = "Regions per image (default: ${DEFAULT-VALUE}).")
    int boxes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Set<DemoData.Task> tasks = tasks(task);
        try {
            if (tasks.equals(EnumSet.of(DemoData.Task.VQA))) {
                DemoVqaGenerator.Result r = DemoVqaGenerator.generate(out,
                        new DemoVqaGenerator.Settings(images, questions, boxes, 2048, seed));
                spec.commandLine().getOut().println(String.format(Locale.ROOT,
                        "wrote %d images, %s questions (%.1f MB) to %s in %.2f s", r.images(), r.questionsPerSplit(),
                        r.bytes() / 1e6, r.dir(), r.seconds()));
                return 0;
            }
            DemoData.Result r = DemoData.generate(out,
                    new DemoData.Settings(images, questions, samples, boxes, 2048, seed), tasks);
            StringJoiner files = new StringJoiner(", ");
            r.rows().forEach((f, n) -> files.add(f + " " + n));
            spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %d images; rows: %s (%.1f MB) to %s"
                    + " in %.2f s", r.images(), files, r.bytes() / 1e6, r.dir(), r.seconds()));
            return 0;
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        }
    }

    private static Set<DemoData.Task> tasks(String name) {
        return switch (name) {
            case "vqa" -> EnumSet.of(DemoData.Task.VQA);
            case "vcr" -> EnumSet.of(DemoData.Task.VCR);
            case "refcoco" -> EnumSet.of(DemoData.Task.REFCOCO);
            case "pretrain" -> EnumSet.of(DemoData.Task.PRETRAIN);
            case "all" -> EnumSet.allOf(DemoData.Task.class);
            default -> throw new VlbertException("--task must be vqa, vcr, refcoco, pretrain or all, not '" + name + "'");
        };
    }
}
