package org.vlbert.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.regions.RegionConverter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-features}: bottom-up-attention region features → regions Arrow file. */
@Command(name = "convert-features", mixinStandardHelpOptions = true,
        description = {"Convert bottom-up-attention detector output (boxes, 2048-d region features, optional class "
                + "and attribute scores) to a regions Arrow file.",
            "Input: BUTD TSV files (image_id, image_w, image_h, num_boxes, boxes, features; base64 float32; a header "
                + "line or --fields for other layouts) or the per-image JSON files VL-BERT reads "
                + "(<image_id>.json in a directory or zip)."})
public final class DataConvertFeaturesCommand implements Callable<Integer> {
    static final class Input {
        @Option(names = "--tsv", required = true, paramLabel = "FILE", description = "BUTD TSV file (repeatable).")
        List<Path> tsv;

        @Option(names = "--json", required = true, paramLabel = "DIR|ZIP",
                description = "Directory or zip of per-image JSON files.")
        Path json;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    @Option(names = "--fields", paramLabel = "LIST",
            description = "Comma-separated TSV field names when the file has no header and is not the 6-field BUTD layout.")
    String fields;

    @Option(names = "--feature-dim", defaultValue = "2048", paramLabel = "D",
            description = "Region feature width (default: ${DEFAULT-VALUE}).")
    int featureDim;

    @Option(names = "--fp16", description = "Store features as float16 (half the size).")
    boolean fp16;

    @Mixin
    DataConvertOptions opts;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RegionConverter.Settings settings = new RegionConverter.Settings(featureDim, fp16, fields);
        return DataConversionRunner.run(spec, opts, "convert-features", o -> input.tsv != null
                ? RegionConverter.fromTsv(input.tsv, opts.out, settings, o)
                : RegionConverter.fromJson(input.json, opts.out, settings, o));
    }
}
