package org.vlbert.tasks.refcoco;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.DataException;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.Dataset;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.refcoco.CandidateBoxes;
import org.vlbert.data.refcoco.RefcocoCollator;
import org.vlbert.data.refcoco.RefcocoDataset;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.refcoco.RefcocoRefs;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.vqa.ImageResize;
import org.vlbert.tasks.AspectGrouping;
import org.vlbert.tasks.DataFiles;
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
 * RefCOCO+ data: the refs {@code <DATASET_PATH>/<DATASET>.arrow} (e.g. {@code refcoco+.arrow} from
 * {@code vlbert data convert-refcoco}) selected by image set like REFER's {@code getRefIds}, and
 * either, per part of DATASET.*_BOXES, the region features {@code regions_gt.arrow} /
 * {@code regions_proposal.arrow} (or the shared {@code regions.arrow}) keyed by COCO image id
 * (IMAGE_FEAT_PRECOMPUTED), or the images {@code <DATASET_PATH>/train2014/COCO_train2014_<id>.jpg}.
 * With TRAIN.ASPECT_GROUPING (shipped configs: on) training batches hold only landscape/square or
 * only portrait images, by the COCO image size of each ref ({@link org.vlbert.data.load.GroupedBatches}).
 */
public final class RefcocoTaskData implements TaskData {
    private final VlbertConfig cfg;
    private final Resources open = new Resources();

    public RefcocoTaskData(VlbertConfig cfg) {
        this.cfg = cfg;
    }

    /** The refs file {@code <DATASET_PATH>/<DATASET>.arrow}; it must exist. */
    private Path refsFile() {
        Path root = Path.of(cfg.dataset().datasetPath());
        return DataFiles.require(root.resolve(cfg.dataset().dataset() + ".arrow"),
                "'vlbert data convert-refcoco ... --out " + root.resolve(cfg.dataset().dataset() + ".arrow")
                        + "' (or 'vlbert data demo --task refcoco')", cfg);
    }

    private BatchStream stream(String imageSets, String boxSource, int batch, boolean shuffle, double flip, long seed,
                               int rank, int world, boolean withLabels, boolean grouped) {
        Path root = Path.of(cfg.dataset().datasetPath());
        Path file = refsFile();
        RefcocoRefs refs = open.add(RefcocoRefs.open(file));
        CandidateBoxes boxes;
        try {
            boxes = CandidateBoxes.parse(boxSource);
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": " + e.getMessage(), e);
        }
        boolean precomputed = cfg.network().imageFeatPrecomputed();
        List<RegionFeatures> regions = null;
        if (precomputed) {
            regions = new ArrayList<>();
            for (String part : boxes.parts()) {
                regions.add(open.add(RegionFeatures.open(DataFiles.regions(root, part, cfg))));
            }
        }
        RefcocoDataset data;
        try {
            data = new RefcocoDataset(refs, imageSets, boxes, regions);
        } catch (DataException | IllegalArgumentException e) {
            throw new VlbertException(file + ": " + e.getMessage(), e);
        }
        List<Integer> scales = cfg.general().scales();
        RefcocoCollator.Settings settings = new RefcocoCollator.Settings(boxes, withLabels, cfg.dataset().addImageAsABox(),
                flip, new ImageResize(scales.get(0), scales.get(1)), refs.leftId(), refs.rightId());
        RefcocoCollator collator;
        if (precomputed) {
            collator = new RefcocoCollator(settings);
        } else {
            Path images = root.resolve("train2014");
            collator = new RefcocoCollator(settings, ref -> ImageDecoder.read(images.resolve(
                    String.format("COCO_train2014_%012d.jpg", Long.parseLong(ref.imageId())))),
                    VisualSettings.transform(cfg));
        }
        LoaderOptions opts = new LoaderOptions(batch, shuffle, seed, rank, world, 4, 2);
        int[] groups = grouped ? data.aspectGroups() : null;
        return open.add(new LoaderBatchStream<>(new DataLoader<>(data, collator, opts, groups)));
    }

    @Override
    public BatchStream train(int rank, int worldSize, long seed) {
        return stream(cfg.dataset().trainImageSet(), cfg.dataset().trainBoxes(), cfg.train().batchImagesSum(),
                cfg.train().shuffle(), cfg.train().flipProb(), seed, rank, worldSize, true,
                AspectGrouping.enabled(cfg));
    }

    @Override
    public BatchStream val(int rank, int worldSize) {
        return stream(cfg.dataset().valImageSet(), cfg.dataset().valBoxes(), cfg.val().batchImages().get(0), false,
                cfg.val().flipProb(), 0, rank, worldSize, true, false);
    }

    /** Every sentence of DATASET.TEST_IMAGE_SET in dataset order, with TEST_BOXES and no labels. */
    @Override
    public BatchStream test() {
        return stream(cfg.dataset().testImageSet(), cfg.dataset().testBoxes(), cfg.test().batchImages().get(0), false,
                cfg.test().flipProb(), 0, 0, 1, false, false);
    }

    @Override
    public List<EvalRow> testRows() {
        return rows(cfg.dataset().testImageSet());
    }

    @Override
    public List<EvalRow> valRows() {
        return rows(cfg.dataset().valImageSet());
    }

    /** One row per sentence of the image sets (the loader's order): the ref id and its box [x, y, x + w, y + h]. */
    private List<EvalRow> rows(String imageSets) {
        Dataset<RefcocoRefs.Expression> expressions;
        try {
            expressions = open.add(RefcocoRefs.open(refsFile())).expressions(imageSets);
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": " + e.getMessage(), e);
        }
        List<EvalRow> rows = new ArrayList<>(expressions.size());
        for (int i = 0; i < expressions.size(); i++) {
            RefcocoRef ref = expressions.get(i).ref();
            float[] box = ref.gtBox();
            rows.add(new EvalRow(Long.toString(ref.refId()), new double[] {box[0], box[1], box[2], box[3]}));
        }
        return rows;
    }

    @Override
    public TaskMetrics trainMetrics() {
        List<EvalMetric> m = new ArrayList<>();
        m.add(new RefcocoMetrics.RefAccuracy());
        m.add(new RefcocoMetrics.ClsAccuracy(false));
        m.add(new RefcocoMetrics.ClsAccuracy(true));
        m.add(new RefcocoMetrics.ClsPosFraction());
        cfg.train().lossLoggers().forEach(l -> m.add(new LossLogger(l.outputName(), l.displayName())));
        return new CompositeMetrics(m, "RefAcc");
    }

    @Override
    public TaskMetrics valMetrics() {
        return new CompositeMetrics(List.of(new RefcocoMetrics.RefAccuracy()), "RefAcc");
    }

    @Override
    public void close() {
        open.close();
    }
}
