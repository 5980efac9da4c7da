package org.vlbert.tasks.vqa;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.vqa.AnswerVocabulary;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.data.vqa.VqaCollator;
import org.vlbert.data.vqa.VqaDataset;
import org.vlbert.data.vqa.VqaExample;
import org.vlbert.data.vqa.VqaSamples;
import org.vlbert.tasks.AspectGrouping;
import org.vlbert.tasks.ConcatDataset;
import org.vlbert.tasks.EvalRow;
import org.vlbert.tasks.LoaderBatchStream;
import org.vlbert.tasks.Resources;
import org.vlbert.tasks.TaskData;
import org.vlbert.tasks.VisualSettings;
import org.vlbert.tasks.metrics.CompositeMetrics;
import org.vlbert.tasks.metrics.EvalMetric;
import org.vlbert.tasks.metrics.LossLogger;
import org.vlbert.train.BatchStream;
import org.vlbert.train.TaskMetrics;

/**
 * VQA data: for each image set S of {@code DATASET.*_IMAGE_SET} (sets joined with '+'), the
 * samples {@code <DATASET_PATH>/vqa_<S>.arrow} (from {@code vlbert data convert-vqa}) and the
 * region features {@code <DATASET_PATH>/regions_<S>.arrow}, or {@code regions.arrow} shared by
 * all sets (from {@code vlbert data convert-features}). TRAIN.ASPECT_GROUPING (shipped configs: off)
 * groups training batches by the original image size stored with the region features, as the
 * reference VQA dataset does with the COCO sizes.
 */
public final class VqaTaskData implements TaskData {
    private final VlbertConfig cfg;
    private final Resources open = new Resources();
    private final ImageResize resize;

    public VqaTaskData(VlbertConfig cfg) {
        this.cfg = cfg;
        this.resize = VisualSettings.resize(cfg);
    }

    private VqaDataset dataset(String set) {
        Path root = Path.of(cfg.dataset().datasetPath());
        Path samples = root.resolve("vqa_" + set + ".arrow");
        Path regions = root.resolve("regions_" + set + ".arrow");
        if (!Files.isRegularFile(regions)) {
            regions = root.resolve("regions.arrow");
        }
        if (!Files.isRegularFile(samples) || !Files.isRegularFile(regions)) {
            throw new VlbertException("VQA image set '" + set + "' needs " + samples + " and " + root.resolve(
                    "regions_" + set + ".arrow") + " (or regions.arrow): create them with 'vlbert data convert-vqa'"
                    + " and 'vlbert data convert-features' (or 'vlbert data demo --out " + root + "'), or fix"
                    + " DATASET.DATASET_PATH in " + cfg.source());
        }
        return new VqaDataset(open.add(VqaSamples.open(samples)), open.add(RegionFeatures.open(regions)));
    }

    private BatchStream stream(String imageSets, int batch, boolean shuffle, double flip, long seed, int rank,
                               int world, boolean withLabels, boolean grouped) {
        String[] sets = imageSets.split("\\+");
        List<VqaDataset> parts = new ArrayList<>();
        for (String s : sets) {
            parts.add(dataset(s));
        }
        VqaCollator collator = VqaCollator.forDataset(parts.get(0), resize, flip, withLabels);
        ConcatDataset<VqaExample> all = new ConcatDataset<>(parts);
        LoaderOptions opts = new LoaderOptions(batch, shuffle, seed, rank, world, 4, 2);
        int[] groups = grouped ? parts.stream().flatMapToInt(p -> IntStream.of(p.aspectGroups())).toArray() : null;
        return open.add(new LoaderBatchStream<>(new DataLoader<>(all, collator, opts, groups)));
    }

    @Override
    public BatchStream train(int rank, int worldSize, long seed) {
        return stream(cfg.dataset().trainImageSet(), cfg.train().batchImagesSum(), cfg.train().shuffle(),
                cfg.train().flipProb(), seed, rank, worldSize, true, AspectGrouping.enabled(cfg));
    }

    @Override
    public BatchStream val(int rank, int worldSize) {
        return stream(cfg.dataset().valImageSet(), cfg.val().batchImages().get(0), false, cfg.val().flipProb(), 0,
                rank, worldSize, true, false);
    }

    /** DATASET.TEST_IMAGE_SET without labels (test2015 has no annotations), in question order. */
    @Override
    public BatchStream test() {
        return stream(cfg.dataset().testImageSet(), cfg.test().batchImages().get(0), false, cfg.test().flipProb(), 0,
                0, 1, false, false);
    }

    @Override
    public List<EvalRow> testRows() {
        return rows(cfg.dataset().testImageSet());
    }

    @Override
    public List<EvalRow> valRows() {
        return rows(cfg.dataset().valImageSet());
    }

    /** The question ids of the image sets' samples files, in loader order. */
    private List<EvalRow> rows(String imageSets) {
        List<EvalRow> rows = new ArrayList<>();
        for (String set : imageSets.split("\\+")) {
            VqaSamples s = samples(set);
            for (int i = 0; i < s.size(); i++) {
                rows.add(EvalRow.of(s.questionId(i)));
            }
        }
        return rows;
    }

    /**
     * The processed answer vocabulary that the logits' columns index, from the samples file of
     * the first image set of {@code imageSets} (written there by the converter).
     */
    public AnswerVocabulary answerVocabulary(String imageSets) {
        return samples(imageSets.split("\\+")[0]).answers();
    }

    /** Just the samples file of an image set (ids and vocabulary need no region features). */
    private VqaSamples samples(String set) {
        Path file = Path.of(cfg.dataset().datasetPath()).resolve("vqa_" + set + ".arrow");
        if (!Files.isRegularFile(file)) {
            throw new VlbertException("VQA image set '" + set + "' needs " + file + ": create it with 'vlbert data"
                    + " convert-vqa' (or 'vlbert data demo'), or fix DATASET.DATASET_PATH in " + cfg.source());
        }
        return open.add(VqaSamples.open(file));
    }

    @Override
    public TaskMetrics trainMetrics() {
        List<EvalMetric> m = new ArrayList<>();
        m.add(new SoftAccuracy());
        cfg.train().lossLoggers().forEach(l -> m.add(new LossLogger(l.outputName(), l.displayName())));
        return new CompositeMetrics(m, "SoftAcc");
    }

    @Override
    public TaskMetrics valMetrics() {
        return new CompositeMetrics(List.of(new SoftAccuracy()), "SoftAcc");
    }

    @Override
    public void close() {
        open.close();
    }
}
