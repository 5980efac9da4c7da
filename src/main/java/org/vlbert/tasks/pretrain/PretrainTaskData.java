package org.vlbert.tasks.pretrain;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.DatasetConfig;
import org.vlbert.config.NetworkConfig;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.DataException;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.pretrain.CaptionCollator;
import org.vlbert.data.pretrain.CaptionDataset;
import org.vlbert.data.pretrain.CorpusCollator;
import org.vlbert.data.pretrain.WholeWordMasking;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.text.CorpusSegments;
import org.vlbert.data.text.TextFile;
import org.vlbert.data.text.TextRow;
import org.vlbert.data.tokenizer.Vocabulary;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.graphs.model.vlbert.PretrainModel;
import org.vlbert.tasks.AspectGrouping;
import org.vlbert.tasks.ConcatDataset;
import org.vlbert.tasks.DataFiles;
import org.vlbert.tasks.LoaderBatchStream;
import org.vlbert.tasks.Resources;
import org.vlbert.tasks.SpecialTokens;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.VisualSettings;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.metrics.EvalMetric;
import org.vlbert.tasks.metrics.LossLogger;
import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/**
 * Pretraining data (pretraining.md §2, §5). Multitask module: DATASET entry 0
 * ({@code conceptual_captions}) gives the captions {@code <DATASET_PATH>/captions_<IMAGE_SET>.arrow}
 * (from {@code vlbert data convert-captions}) with the regions {@code regions_<IMAGE_SET>.arrow} or
 * {@code regions.arrow} (class scores needed for MVRC); entry 1 ({@code general_corpus}) gives the
 * text corpus: each '+'-joined ANNOTATION_FILE as its converted {@code .arrow} (a {@code X.doc} is
 * read as {@code X.arrow}, from {@code vlbert data convert-corpus}). Every caption batch is joined
 * with the next corpus batch; an epoch is one pass over the captions. Caption-only module
 * ({@code ResNetVLBERTForPretraining}): DATASET is the single conceptual_captions mapping and the
 * batches are its caption batches alone. With {@code IMAGE_FEAT_PRECOMPUTED: false} (the e2e
 * configs) the caption batches also carry the images, read from
 * {@code <DATASET_PATH>/<IMAGE_SET>_image/<image id>.jpg}.
 */
public final class PretrainTaskData implements TaskData {
    private static final String CAPTIONS = "conceptual_captions";
    private final VlbertConfig cfg;
    private final Resources open = new Resources();
    private final DatasetConfig captions;
    private final DatasetConfig corpus;
    private final WholeWordMasking masking;
    private final SpecialTokens tokens;
    private final PretrainModel.Module module;

    public PretrainTaskData(VlbertConfig cfg) {
        this.cfg = cfg;
        this.module = PretrainModules.of(cfg);
        List<DatasetConfig> d = cfg.datasets();
        boolean multitask = module == PretrainModel.Module.MULTITASK;
        if (multitask && (!cfg.hasDatasetList() || d.size() != 2 || !d.get(0).dataset().equals(CAPTIONS)
                || !d.get(1).dataset().equals("general_corpus"))) {
            throw new VlbertException(cfg.source() + ": MODULE " + PretrainModules.MULTITASK + " needs DATASET as a"
                    + " list of two entries, conceptual_captions then general_corpus (as base_prec_4x16G_fp32.yaml);"
                    + " for captions only use MODULE " + PretrainModules.CAPTIONS_ONLY + " with DATASET a single"
                    + " conceptual_captions mapping (as base_prec_withouttextonly_4x16G_fp32.yaml)");
        }
        if (!multitask && (d.size() != 1 || !d.get(0).dataset().equals(CAPTIONS))) {
            throw new VlbertException(cfg.source() + ": MODULE " + PretrainModules.CAPTIONS_ONLY + " pretrains on"
                    + " captions only: DATASET must be a single conceptual_captions mapping (as"
                    + " base_prec_withouttextonly_4x16G_fp32.yaml); with a general_corpus entry use MODULE "
                    + PretrainModules.MULTITASK);
        }
        this.captions = d.get(0);
        this.corpus = multitask ? d.get(1) : null;
        this.tokens = SpecialTokens.fromBertDir(cfg.network().bertModelName());
        this.masking = new WholeWordMasking(vocabularySize(cfg), (int) tokens.mask());
    }

    /** Random replacements draw from every entry of vocab.txt (or vocab_size without one). */
    private static int vocabularySize(VlbertConfig cfg) {
        Path vocab = Path.of(cfg.network().bertModelName()).resolve("vocab.txt");
        return Files.isRegularFile(vocab) ? Vocabulary.load(vocab).size() : cfg.vlbert().vocabSize();
    }

    private BatchStream captionStream(String set, int batch, boolean shuffle, double flip, long seed, int rank,
                                      int world) {
        Path root = Path.of(captions.datasetPath());
        Path file = DataFiles.require(root.resolve("captions_" + set + ".arrow"),
                "'vlbert data convert-captions ... --out " + root.resolve("captions_" + set + ".arrow")
                        + "' (or 'vlbert data demo --task pretrain')", cfg);
        TextFile text = open.add(TextFile.openCaptions(file));
        RegionFeatures regions = open.add(RegionFeatures.open(DataFiles.regions(root, set, cfg)));
        CaptionDataset data;
        try {
            data = new CaptionDataset(text, regions);
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        NetworkConfig n = cfg.network();
        List<Integer> scales = cfg.general().scales();
        CaptionCollator.Settings s = new CaptionCollator.Settings(captions.seqLen(), captions.addImageAsABox(), flip,
                new ImageResize(scales.get(0), scales.get(1)), n.withRelLoss(), n.withMlmLoss(), n.withMvrcLoss(),
                cfg.vlbert().visualRegionClasses(), (int) tokens.cls(), (int) tokens.sep());
        CaptionCollator collator = new CaptionCollator(s, masking, n.withRelLoss() ? data.captions() : null,
                n.imageFeatPrecomputed() ? null : pixels(root.resolve(set + "_image")));
        LoaderOptions opts = new LoaderOptions(batch, shuffle, seed, rank, world, 4, 2);
        return open.add(new LoaderBatchStream<>(new DataLoader<>(data, collator, opts)));
    }

    /**
     * The e2e configs' images: {@code <DATASET_PATH>/<IMAGE_SET>_image/<image id>.jpg}, the
     * reference's unzipped {@code train_image}/{@code val_image} folders.
     */
    private CaptionCollator.Pixels pixels(Path images) {
        return new CaptionCollator.Pixels(id -> ImageDecoder.read(images.resolve(id + ".jpg")),
                VisualSettings.transform(cfg), cfg.getBool("NETWORK.MASK_RAW_PIXELS"));
    }

    private BatchStream corpusStream(String annotationFiles, int batch, boolean shuffle, long seed, int rank,
                                     int world) {
        List<TextFile> files = new ArrayList<>();
        for (String f : annotationFiles.split("\\+")) {
            Path arrow = DataFiles.converted(Path.of(""), f, "");
            DataFiles.require(arrow, "'vlbert data convert-corpus " + f + " --vocab ... --out " + arrow + "'", cfg);
            files.add(open.add(TextFile.openCorpus(arrow)));
        }
        Dataset<TextRow> lines = files.size() == 1 ? files.get(0) : new ConcatDataset<>(files);
        CorpusSegments segments;
        try {
            segments = new CorpusSegments(lines, corpus.minSeqLen());
        } catch (DataException e) {
            throw new VlbertException(annotationFiles + ": " + e.getMessage(), e);
        }
        CorpusCollator collator = new CorpusCollator(corpus.seqLen(), masking, cfg.network().withMlmLoss());
        LoaderOptions opts = new LoaderOptions(batch, shuffle, seed, rank, world, 4, 2);
        return open.add(new LoaderBatchStream<>(new DataLoader<>(segments, collator, opts)));
    }

    /** BATCH_IMAGES entry {@code i}: one batch size per DATASET entry. */
    private int batchOf(List<Integer> batchImages, int i, String section) {
        int entries = module == PretrainModel.Module.MULTITASK ? 2 : 1;
        if (batchImages.size() != entries) {
            throw new VlbertException(cfg.source() + ": " + section + ".BATCH_IMAGES needs one batch size per DATASET"
                    + " entry (" + entries + "), got " + batchImages);
        }
        return batchImages.get(i);
    }

    @Override
    public BatchStream train(int rank, int worldSize, long seed) {
        AspectGrouping.requireOff(cfg, "pretraining");
        List<Integer> b = cfg.train().batchImages();
        BatchStream master = captionStream(captions.trainImageSet(), batchOf(b, 0, "TRAIN"), cfg.train().shuffle(),
                cfg.train().flipProb(), seed, rank, worldSize);
        if (corpus == null) {
            return master;
        }
        BatchStream aux = corpusStream(corpus.trainAnnotationFile(), batchOf(b, 1, "TRAIN"), cfg.train().shuffle(),
                seed + 1, rank, worldSize);
        return new MultiTaskBatchStream(master, aux);
    }

    @Override
    public BatchStream val(int rank, int worldSize) {
        List<Integer> b = cfg.val().batchImages();
        BatchStream master = captionStream(captions.valImageSet(), batchOf(b, 0, "VAL"), false, cfg.val().flipProb(),
                0, rank, worldSize);
        if (corpus == null) {
            return master;
        }
        BatchStream aux = corpusStream(corpus.valAnnotationFile(), batchOf(b, 1, "VAL"), false, 1, rank, worldSize);
        return new MultiTaskBatchStream(master, aux);
    }

    /**
     * [RelAcc], MLMAccWVC, MLMAccAUX (caption-only: MLMAcc), [MVRCAccuracy], then the loss loggers:
     * for training and validation alike; the best model has the highest MLMAccWVC (MLMAcc).
     */
    private TaskMetrics metrics() {
        NetworkConfig n = cfg.network();
        List<EvalMetric> m = new ArrayList<>();
        if (n.withRelLoss()) {
            m.add(new PretrainMetrics.RelationshipAccuracy());
        }
        String best;
        if (module == PretrainModel.Module.MULTITASK) {
            m.add(new PretrainMetrics.MlmAccuracy("MLMAccWVC", PretrainModel.MLM_PRED_WVC, CaptionCollator.MLM_LABELS));
            m.add(new PretrainMetrics.MlmAccuracy("MLMAccAUX", PretrainModel.MLM_PRED_AUX,
                    CorpusCollator.AUX_MLM_LABELS));
            best = "MLMAccWVC";
        } else {
            m.add(new PretrainMetrics.MlmAccuracy("MLMAcc", PretrainModel.MLM_PRED, CaptionCollator.MLM_LABELS));
            best = "MLMAcc";
        }
        if (n.withMvrcLoss()) {
            m.add(new PretrainMetrics.MvrcAccuracy());
        }
        cfg.train().lossLoggers().forEach(l -> m.add(new LossLogger(l.outputName(), l.displayName())));
        return new CompositeMetrics(m, best);
    }

    @Override
    public TaskMetrics trainMetrics() {
        return metrics();
    }

    @Override
    public TaskMetrics valMetrics() {
        return metrics();
    }

    @Override
    public void close() {
        open.close();
    }
}
