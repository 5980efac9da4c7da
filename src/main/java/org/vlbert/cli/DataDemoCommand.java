package org.vlbert.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.demo.DemoVqaGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert data demo}: writes the synthetic VQA demo dataset. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Generate a small synthetic but learnable VQA dataset in the real formats: regions.arrow, "
                + "vqa_train/val/test.arrow, answers.txt (32 answers) and a tiny BERT-style vocab.txt.",
            "Objects have a colour, shape and size encoded in their region features; questions ask about specific "
                + "objects (what color is the cube? is there a red sphere? how many ...? left or right ...?)."})
public final class DataDemoCommand implements Callable<Integer> {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--images", defaultValue = "1000", paramLabel = "N",
            description = "Images (70% train, 15% val, 15% test; default: ${DEFAULT-VALUE}).")
    int images;

    @Option(names = "--questions", defaultValue = "5000", paramLabel = "N",
            description = "Training questions; val and test get N/5 each (default: ${DEFAULT-VALUE}).")
    int questions;

    @Option(names = "--boxes", defaultValue = "3", paramLabel = "N", description = "Regions per image (default: ${DEFAULT-VALUE}).")
    int boxes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DemoVqaGenerator.Result r;
        try {
            r = DemoVqaGenerator.generate(out, new DemoVqaGenerator.Settings(images, questions, boxes, 2048, seed));
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println(String.format(Locale.ROOT,
                "wrote %d images, %s questions (%.1f MB) to %s in %.2f s", r.images(), r.questionsPerSplit(),
                r.bytes() / 1e6, r.dir(), r.seconds()));
        return 0;
    }
}
