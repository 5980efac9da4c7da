package org.vlbert.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.vlbert.eval.vqa.VqaDataset;
import org.vlbert.eval.vqa.VqaEvalException;
import org.vlbert.eval.vqa.VqaEvaluation;
import org.vlbert.eval.vqa.VqaEvaluator;
import org.vlbert.eval.vqa.VqaResults;
import org.vlbert.eval.vqa.VqaRevision;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vlbert eval-vqa}: the official VQA accuracy of a result file, as one JSON object on stdout. */
@Command(name = "eval-vqa", mixinStandardHelpOptions = true,
        description = {"Scores a VQA result file ([{\"question_id\", \"answer\"}]) with the official VQA evaluation "
                + "(GT-Vision-Lab/VQA vqaEval.py) and prints its output as one JSON object: "
                + "{\"accuracy\": {\"overall\", \"perQuestionType\", \"perAnswerType\"}, \"evalQA\", "
                + "\"evalQuesType\", \"evalAnsType\"} (percentages rounded to 2 decimals)."})
public final class EvalVqaCommand implements Callable<Integer> {
    @Option(names = "--questions", required = true, paramLabel = "Q.json",
            description = "VQA question file, e.g. v2_OpenEnded_mscoco_val2014_questions.json")
    private Path questions;

    @Option(names = "--annotations", required = true, paramLabel = "A.json",
            description = "VQA annotation file, e.g. v2_mscoco_val2014_annotations.json")
    private Path annotations;

    @Option(names = "--results", required = true, paramLabel = "R.json",
            description = "predictions: a JSON list of {\"question_id\": int, \"answer\": str}, one per annotated question")
    private Path results;

    @Option(names = "--revision", paramLabel = "current|legacy", defaultValue = "current",
            converter = RevisionConverter.class,
            description = "official code revision: current (HEAD 2021, default) or legacy (2016); they score differently")
    private VqaRevision revision;

    @Spec
    private CommandSpec spec;

    private final PrintStream out;

    public EvalVqaCommand() {
        this(System.out);
    }

    /** For tests and embedding: the JSON goes to {@code out}. */
    public EvalVqaCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            VqaDataset dataset = VqaDataset.load(questions, annotations);
            VqaResults predictions = VqaResults.load(results, dataset);
            if (!predictions.duplicateQuestionIds().isEmpty()) {
                err.println("eval-vqa: warning: " + predictions.duplicateQuestionIds().size() + " question id(s) occur "
                        + "more than once in " + results + " (first: " + predictions.duplicateQuestionIds().get(0)
                        + "); as in the official code, the last answer is used");
                err.flush();
            }
            VqaEvaluation evaluation = VqaEvaluator.evaluate(dataset, predictions, revision);
            out.println(evaluation.toJson());
            out.flush();
            return 0;
        } catch (VqaEvalException e) {
            err.println("eval-vqa: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** Accepts exactly {@code current} or {@code legacy}. */
    static final class RevisionConverter implements ITypeConverter<VqaRevision> {
        @Override
        public VqaRevision convert(String value) {
            return VqaRevision.fromCliName(value);
        }
    }
}
