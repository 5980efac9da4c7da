package org.vlbert.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.config.ConfigLoader;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import picocli.CommandLine.Option;

/** {@code --set KEY=VALUE}... and {@code --task}: how a command's config files are read. */
public final class OverrideOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = {"Override a config key after loading the file, e.g. --set TRAIN.LR=1e-4 "
                    + "--set NETWORK.VLBERT.num_hidden_layers=2 --set SCALES=[600,1000]. Repeatable, applied "
                    + "in order. VALUE is a YAML scalar or [list]."})
    private List<String> overrides = new ArrayList<>();

    @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
            description = "Schema to read the config with: pretrain, vqa, vcr or refcoco. Default: from "
                    + "DATASET.DATASET, else from the cfgs/<task>/ folder of the file.")
    private Task task;

    /**
     * Loads {@code file} with these options, then the command's own overrides ({@code extra}, e.g.
     * a split or batch size), applied last as the reference scripts assign config keys. Warnings of
     * the user's config are printed once to {@code err}.
     */
    public VlbertConfig load(Path file, List<String> extra, PrintWriter err) {
        VlbertConfig first = load(file, err);
        if (extra.isEmpty()) {
            return first;
        }
        List<String> all = new ArrayList<>(overrides);
        all.addAll(extra);
        return ConfigLoader.load(file, first.task(), all);
    }

    /** Loads {@code file} with these options and prints its warnings once to {@code err}. */
    public VlbertConfig load(Path file, PrintWriter err) {
        VlbertConfig config = ConfigLoader.load(file, task, overrides);
        for (String warning : config.warnings()) {
            err.println("warning: " + warning);
        }
        err.flush();
        return config;
    }
}
