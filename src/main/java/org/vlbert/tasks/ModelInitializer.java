package org.vlbert.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.NetworkConfig;
import org.vlbert.config.Task;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.init.ParamInitializer;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.io.ImportOptions;
import org.vlbert.io.ImportResult;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.io.VisualWeightImporter;

/**
 * A model's starting parameters in the reference order (model.md §7.4, §8, §9; training.md §8.4):
 * fresh reference initialisation, then the BERT checkpoint of {@code NETWORK.BERT_MODEL_NAME}, then
 * {@code NETWORK.PARTIAL_PRETRAIN} with its prefix rules, then (VQA) the answer-classifier rows
 * from the answers' mean word embeddings.
 */
public final class ModelInitializer {
    private ModelInitializer() {}

    public static Map<String, HostTensor> initialize(VlbertConfig cfg, List<Param> params, long seed,
                                                     Consumer<String> log) {
        Map<String, HostTensor> values = new LinkedHashMap<>(new ParamInitializer(seed).initializeAll(params));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        params.forEach(p -> shapes.put(p.name(), p.shape()));
        NetworkConfig n = cfg.network();

        Path bert = bertCheckpoint(n);
        if (bert != null && !n.vlbert().fromScratch()) {
            ImportOptions opts = ImportOptions.bert();
            if (cfg.task() == Task.VQA && "mlm".equals(n.classifierType())) {
                opts = opts.withMlmTransformInto("final_mlp.0.");
            }
            values = apply("BERT weights " + bert, read(bert), shapes, opts, values, log);
        } else if (!n.bertModelName().isBlank() && bert == null) {
            log.accept("no BERT checkpoint in " + n.bertModelName() + " (pytorch_model.bin): starting from the"
                    + " reference random initialisation");
        }
        if (!n.imageFeatPrecomputed()) {
            values = loadResNet(cfg, shapes, values, log);
        }
        if (!n.partialPretrain().isBlank()) {
            Path p = Path.of(n.partialPretrain());
            if (!Files.isRegularFile(p)) {
                throw new VlbertException("NETWORK.PARTIAL_PRETRAIN file " + p + " does not exist");
            }
            List<String> rules = n.partialPretrainPrefixChanges().stream().map(c -> c.oldPrefix() + "->" + c.newPrefix())
                    .toList();
            ImportOptions opts = ImportOptions.partialPretrain(rules);
            if (cfg.task() == Task.VCR) {
                opts = opts.withSegmentBInit(n.partialPretrainSegmbInit()).withRelationshipHeadInit(n.loadRelHead());
            }
            values = apply("partial pretrain " + p, read(p), shapes, opts, values, log);
        }
        if (cfg.task() == Task.VQA && n.classifierPretrained()) {
            initAnswerRows(cfg, values, log);
        }
        return values;
    }

    /**
     * The pixel path's backbone and RoI head from {@code NETWORK.IMAGE_PRETRAINED-<epoch>.model}
     * (model.md §6.4: backbone keys it has, RoI head strictly from layer4).
     */
    private static Map<String, HostTensor> loadResNet(VlbertConfig cfg, Map<String, long[]> shapes,
                                                      Map<String, HostTensor> current, Consumer<String> log) {
        String prefix = cfg.getString("NETWORK.IMAGE_PRETRAINED");
        if (prefix.isBlank()) {
            log.accept("warning: NETWORK.IMAGE_PRETRAINED is empty: the ResNet-101 starts from random weights");
            return current;
        }
        Path file = VisualWeightImporter.pretrainedFile(prefix, cfg.getInt("NETWORK.IMAGE_PRETRAINED_EPOCH"));
        if (!Files.isRegularFile(file)) {
            throw new VlbertException("NETWORK.IMAGE_PRETRAINED weights " + file + " do not exist (the reference uses"
                    + " resnet101-pt-vgbua-0000.model)");
        }
        ImportResult r = VisualWeightImporter.fromResNet(read(file), shapes);
        r.requireNoMismatches();
        log.accept(String.format("ResNet weights %s: %d loaded", file, r.loaded().size()));
        return r.applyTo(current);
    }

    private static Path bertCheckpoint(NetworkConfig n) {
        if (!n.bertPretrained().isBlank()) {
            Path p = Path.of(String.format("%s-%04d.model", n.bertPretrained(), n.bertPretrainedEpoch()));
            if (!Files.isRegularFile(p)) {
                throw new VlbertException("NETWORK.BERT_PRETRAINED checkpoint " + p + " does not exist");
            }
            return p;
        }
        if (n.bertModelName().isBlank()) {
            return null;
        }
        Path p = Path.of(n.bertModelName()).resolve("pytorch_model.bin");
        return Files.isRegularFile(p) ? p : null;
    }

    private static Map<String, HostTensor> read(Path p) {
        try {
            return TorchCheckpointReader.readStateDict(p);
        } catch (IOException e) {
            throw new VlbertException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, HostTensor> apply(String what, Map<String, HostTensor> source,
                                                 Map<String, long[]> shapes, ImportOptions opts,
                                                 Map<String, HostTensor> current, Consumer<String> log) {
        ImportResult r = StateDictImporter.importStateDict(source, shapes, opts);
        r.requireNoMismatches();
        log.accept(String.format("%s: %d loaded, %d not provided, %d ignored", what, r.loaded().size(),
                r.missing().size(), r.unexpected().size()));
        return r.applyTo(current);
    }

    /**
     * CLASSIFIER_PRETRAINED: row a of the last classifier Linear := mean of the current word
     * embeddings of answer a's word-pieces; the bias stays 0 (model.md §7.4 step 5).
     */
    static void initAnswerRows(VlbertConfig cfg, Map<String, HostTensor> values, Consumer<String> log) {
        NetworkConfig n = cfg.network();
        String weight = switch (n.classifierType()) {
            case "mlm" -> "final_mlp.2.weight";
            case "1fc" -> "final_mlp.1.weight";
            default -> throw new VlbertException("NETWORK.CLASSIFIER_PRETRAINED needs a classifier whose last Linear"
                    + " reads the hidden state (mlm or 1fc), not " + n.classifierType());
        };
        Path vocab = Path.of(n.bertModelName()).resolve("vocab.txt");
        Path answersFile = Path.of(cfg.dataset().answerVocabFile());
        List<String> answers;
        try {
            answers = Files.readAllLines(answersFile);
        } catch (IOException e) {
            throw new VlbertException("NETWORK.CLASSIFIER_PRETRAINED needs DATASET.ANSWER_VOCAB_FILE: cannot read "
                    + answersFile + " (" + e.getMessage() + ")", e);
        }
        BertTokenizer tok = BertTokenizer.fromVocab(vocab);
        HostTensor words = values.get("vlbert.word_embeddings.weight");
        HostTensor w = values.get(weight).copy();
        int h = (int) words.dim(1);
        int rows = (int) w.dim(0);
        var wf = w.floatView();
        var ef = words.floatView();
        for (int a = 0; a < Math.min(rows, answers.size()); a++) {
            long[] ids = tok.convertTokensToIds(tok.tokenize(answers.get(a)));
            if (ids.length == 0) {
                throw new VlbertException(answersFile + ":" + (a + 1) + ": answer '" + answers.get(a)
                        + "' has no word-pieces, so CLASSIFIER_PRETRAINED cannot initialise its row");
            }
            for (int j = 0; j < h; j++) {
                double s = 0;
                for (long id : ids) {
                    s += ef.get((int) (id * h + j));
                }
                wf.put(a * h + j, (float) (s / ids.length));
            }
        }
        values.put(weight, w);
        HostTensor bias = values.get(weight.replace(".weight", ".bias"));
        if (bias != null) {
            values.put(weight.replace(".weight", ".bias"), HostTensor.allocate(DType.FLOAT, bias.shape()));
        }
        log.accept("answer classifier rows initialised from " + Math.min(rows, answers.size())
                + " answers' mean word embeddings");
    }
}
