package org.vlbert.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.text.VocabFiles;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.data.vqa.VqaConverter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vlbert data convert-vqa}: VQA v2 questions + annotations → VQA samples Arrow file. */
@Command(name = "convert-vqa", mixinStandardHelpOptions = true,
        description = {"Convert VQA v2 questions (and annotations, except for test sets) to a VQA samples Arrow file: "
                + "questions are tokenized with --vocab and soft targets computed against --answers.",
            "Several image sets (e.g. train2014+val2014) are given as repeated --questions/--annotations pairs."})
public final class DataConvertVqaCommand implements Callable<Integer> {
    @Option(names = "--questions", required = true, paramLabel = "FILE",
            description = "v2_OpenEnded_mscoco_<set>_questions.json (repeatable).")
    List<Path> questions;

    @Option(names = "--annotations", paramLabel = "FILE",
            description = "v2_mscoco_<set>_annotations.json, one per --questions in the same order; omit for test sets.")
    List<Path> annotations = new ArrayList<>();

    @Option(names = "--answers", required = true, paramLabel = "FILE", description = "Answer vocabulary (answers_vqa.txt).")
    Path answers;

    @Option(names = "--vocab", required = true, paramLabel = "FILE", description = "BERT vocab.txt.")
    Path vocab;

    @Option(names = "--regions", paramLabel = "FILE", description = "Regions file: check every image id is in it.")
    Path regions;

    @Mixin
    DataConvertOptions opts;

    @ParentCommand
    DataCommand parent;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!annotations.isEmpty() && annotations.size() != questions.size()) {
            throw new ParameterException(spec.commandLine(), questions.size() + " --questions but " + annotations.size()
                    + " --annotations: give one annotations file per questions file, or none for test sets");
        }
        List<VqaConverter.Input> inputs = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            inputs.add(new VqaConverter.Input(questions.get(i), annotations.isEmpty() ? null : annotations.get(i)));
        }
        return DataConversionRunner.run(spec, opts, "convert-vqa", o -> {
            try (RegionFeatures regionFile = regions == null ? null : RegionFeatures.open(regions)) {
                VqaConverter.Settings settings = new VqaConverter.Settings(AnswerVocabulary.load(answers),
                        parent.tokenizer(vocab), VocabFiles.describe(vocab), regionFile);
                return VqaConverter.convert(inputs, opts.out, settings, o);
            }
        });
    }
}
