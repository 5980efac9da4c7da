package org.vlbert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vlbert.data.DataException;
import org.vlbert.data.vqa.VqaSamples;
import org.vlbert.eval.vqa.VqaJsonExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert data export-vqa-json}: a VQA samples Arrow file back as VQA v2 question/annotation JSON. */
@Command(name = "export-vqa-json", mixinStandardHelpOptions = true,
        description = {"Writes a VQA samples file (vqa_<set>.arrow) as a VQA v2 question file"
                + " <prefix>_questions.json and, if its rows have answers, an annotation file"
                + " <prefix>_annotations.json, so that 'vlbert eval-vqa' and 'vlbert val --questions --annotations'"
                + " can score splits that exist only as Arrow files (e.g. the demo data)."})
public final class DataExportVqaJsonCommand implements Callable<Integer> {
    @Option(names = "--samples", required = true, paramLabel = "FILE", description = "VQA samples file (vqa_<set>.arrow).")
    private Path samples;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    private Path out;

    @Option(names = "--prefix", paramLabel = "P", description = "File name prefix (default: the samples file name"
            + " without .arrow).")
    private String prefix;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        String name = samples.getFileName().toString();
        String stem = name.endsWith(".arrow") ? name.substring(0, name.length() - ".arrow".length()) : name;
        String p = prefix != null ? prefix : stem;
        String subtype = stem.startsWith("vqa_") ? stem.substring(4) : stem;
        VqaJsonExport.Result r;
        try (VqaSamples s = VqaSamples.open(samples)) {
            r = VqaJsonExport.export(s, out, p, subtype);
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        spec.commandLine().getOut().println("wrote " + r.questionCount() + " questions to " + r.questions()
                + (r.annotations() == null ? " (no annotations: the split is unannotated)"
                : " and " + r.annotatedCount() + " annotations to " + r.annotations()));
        return 0;
    }
}
