package org.vlbert.tasks.vcr;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.vlbert.cli.VlbertException;
import org.vlbert.config.VlbertConfig;
import org.vlbert.data.DataException;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.load.DataLoader;
import org.vlbert.data.load.LoaderOptions;
import org.vlbert.data.regions.RegionFeatures;
import org.vlbert.data.vcr.PersonNameSchedule;
import org.vlbert.data.vcr.PersonNames;
import org.vlbert.data.vcr.VcrCollator;
import org.vlbert.data.vcr.VcrDataset;
import org.vlbert.data.vcr.VcrExample;
import org.vlbert.data.vcr.VcrItems;
import org.vlbert.data.vcr.VcrTask;
import org.vlbert.data.vcr.VcrText;
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
 * VCR data (Q→A or QA→R by DATASET.TASK): the items {@code <DATASET_PATH>/vcr_<name>.arrow} for
 * an annotation file {@code <name>.jsonl} (from {@code vlbert data convert-vcr}; an annotation
 * file ending in {@code .arrow} is used as given), and either the region features
 * {@code <DATASET_PATH>/regions_<IMAGE_SET>.arrow} or {@code regions.arrow} keyed by
 * {@code img_fn} (IMAGE_FEAT_PRECOMPUTED) or the images {@code <DATASET_PATH>/<IMAGE_SET>/<img_fn>}.
 */
public final class VcrTaskData implements TaskData {
    /** The reference dataset's truncation length (its constructor default; no config key sets it). */
    public static final int SEQ_LEN = 64;

    private final VlbertConfig cfg;
    private final Resources open = new Resources();
    private final VcrTask task;

    public VcrTaskData(VlbertConfig cfg) {
        this.cfg = cfg;
        try {
            this.task = VcrTask.parse(cfg.dataset().task());
        } catch (IllegalArgumentException e) {
            throw new VlbertException(cfg.source() + ": DATASET.TASK: " + e.getMessage(), e);
        }
    }

    /** The converted items of an annotation file, opened (closed with this plug-in). */
    private VcrItems items(String annotationFile) {
        Path root = Path.of(cfg.dataset().datasetPath());
        Path itemsFile = DataFiles.require(DataFiles.converted(root, annotationFile, "vcr_"),
                "'vlbert data convert-vcr --annotations " + root.resolve(annotationFile) + " ...' (or 'vlbert data demo"
                        + " --task vcr')", cfg);
        return open.add(VcrItems.open(itemsFile));
    }

    private BatchStream stream(String annotationFile, String imageSet, int batch, boolean shuffle, double flip,
                               long seed, int rank, int world, boolean withLabels) {
        Path root = Path.of(cfg.dataset().datasetPath());
        VcrItems items = items(annotationFile);
        boolean precomputed = cfg.network().imageFeatPrecomputed();
        RegionFeatures regions = precomputed ? open.add(RegionFeatures.open(DataFiles.regions(root, imageSet, cfg)))
                : null;
        VcrDataset data;
        try {
            data = new VcrDataset(items, regions);
        } catch (DataException e) {
            throw new VlbertException(e.getMessage(), e);
        }
        List<Integer> scales = cfg.general().scales();
        VcrCollator.Settings settings = new VcrCollator.Settings(task,
                withLabels ? VcrText.Mode.LABELLED : VcrText.Mode.TEST, cfg.dataset().addImageAsABox(),
                cfg.dataset().onlyUseRelevantDets(), SEQ_LEN, flip, scales.get(0), scales.get(1),
                cfg.getInt("DATASET.MASK_SIZE"));
        int[] persons = new int[items.size()];
        for (int i = 0; i < persons.length; i++) {
            persons[i] = settings.onlyRelevantDets() ? VcrCollator.persons(items.get(i), settings)
                    : PersonNames.count(items.objects(i));
        }
        AtomicReference<DataLoader<VcrExample>> loader = new AtomicReference<>();
        PersonNameSchedule names = new PersonNameSchedule(persons, cfg.getInt("NUM_WORKERS_PER_GPU"),
                epoch -> loader.get().plan(epoch));
        VcrCollator collator;
        if (precomputed) {
            collator = new VcrCollator(settings, items::namePieces, items.andId(), names);
        } else {
            Path images = root.resolve(imageSet);
            collator = new VcrCollator(settings, items::namePieces, items.andId(), names,
                    fn -> ImageDecoder.read(images.resolve(fn)), VisualSettings.transform(cfg));
        }
        loader.set(new DataLoader<>(data, collator, new LoaderOptions(batch, shuffle, seed, rank, world, 4, 2)));
        return open.add(new LoaderBatchStream<>(loader.get()));
    }

    @Override
    public BatchStream train(int rank, int worldSize, long seed) {
        AspectGrouping.requireOff(cfg, "VCR");
        return stream(cfg.dataset().trainAnnotationFile(), cfg.dataset().trainImageSet(), cfg.train().batchImagesSum(),
                cfg.train().shuffle(), cfg.train().flipProb(), seed, rank, worldSize, true);
    }

    @Override
    public BatchStream val(int rank, int worldSize) {
        return stream(cfg.dataset().valAnnotationFile(), cfg.dataset().valImageSet(), cfg.val().batchImages().get(0),
                false, cfg.val().flipProb(), 0, rank, worldSize, true);
    }

    /**
     * The items of DATASET.TEST_ANNOTATION_FILE in file order, without labels (the reference's test
     * mode; for QA→R the question slot holds the question followed by each answer choice).
     */
    @Override
    public BatchStream test() {
        return stream(cfg.dataset().testAnnotationFile(), cfg.dataset().testImageSet(), cfg.test().batchImages().get(0),
                false, cfg.test().flipProb(), 0, 0, 1, false);
    }

    @Override
    public List<EvalRow> testRows() {
        return rows(cfg.dataset().testAnnotationFile());
    }

    @Override
    public List<EvalRow> valRows() {
        return rows(cfg.dataset().valAnnotationFile());
    }

    /** The annot ids of an annotation file, in file (= loader) order. */
    private List<EvalRow> rows(String annotationFile) {
        VcrItems items = items(annotationFile);
        List<EvalRow> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            rows.add(EvalRow.of(items.get(i).annotId()));
        }
        return rows;
    }

    @Override
    public TaskMetrics trainMetrics() {
        List<EvalMetric> m = new ArrayList<>();
        m.add(new VcrAccuracy());
        cfg.train().lossLoggers().forEach(l -> m.add(new LossLogger(l.outputName(), l.displayName())));
        return new CompositeMetrics(m, "Acc");
    }

    @Override
    public TaskMetrics valMetrics() {
        return new CompositeMetrics(List.of(new VcrAccuracy()), "Acc");
    }

    @Override
    public void close() {
        open.close();
    }
}
