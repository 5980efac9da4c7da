package org.vlbert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.text.TextConverter;
import org.vlbert.data.text.VocabFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-captions}: Conceptual Captions → captions Arrow file. */
@Command(name = "convert-captions", mixinStandardHelpOptions = true,
        description = "Convert Conceptual Captions (Google's caption<TAB>url TSV, images named by line number, or the "
                + "prepared train_frcnn.json lines) to a captions Arrow file with BERT words and WordPieces.")
public final class DataConvertCaptionsCommand implements Callable<Integer> {
    static final class Input {
        @Option(names = "--tsv", required = true, paramLabel = "FILE", description = "Train_GCC-training.tsv style file.")
        Path tsv;

        @Option(names = "--jsonl", required = true, paramLabel = "FILE", description = "train_frcnn.json style JSON lines.")
        Path jsonl;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "BERT vocab.txt.")
    Path vocab;

    @Option(names = "--regions", paramLabel = "FILE",
            description = "Regions file: captions of images without features are bad records (drop them with --skip-bad).")
    Path regions;

    @Mixin
    DataConvertOptions opts;

    @ParentCommand
    DataCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Path file = input.tsv != null ? input.tsv : input.jsonl;
        TextConverter.CaptionFormat format = input.tsv != null ? TextConverter.CaptionFormat.TSV
                : TextConverter.CaptionFormat.JSONL;
        return DataConversionRunner.run(spec, opts, "convert-captions", o -> {
            try (RegionFeatures regionFile = regions == null ? null : RegionFeatures.open(regions)) {
                TextConverter.Settings settings = new TextConverter.Settings(parent.tokenizer(vocab),
                        VocabFiles.describe(vocab), regionFile);
                return TextConverter.captions(file, format, opts.out, settings, o);
            }
        });
    }
}
