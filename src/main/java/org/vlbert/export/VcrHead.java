package org.vlbert.export;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.regions.Region;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.data.vcr.PersonNameSchedule;
import org.vlbert.data.vcr.VcrCollator;
import org.vlbert.data.vcr.VcrExample;
import org.vlbert.data.vcr.VcrItem;
import org.vlbert.data.vcr.VcrNames;
import org.vlbert.data.vcr.VcrTask;
import org.vlbert.data.vcr.VcrText;
import org.vlbert.data.vcr.VcrToken;
import org.vlbert.eval.Argmax;
import org.vlbert.eval.vcr.VcrProbabilities;
import org.vlbert.graphs.model.vlbert.VcrModel;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * VCR: a question, 4 choices (answers for a Q→A package, rationales for QA→R, which also takes the
 * answer they justify) and the COCO class of each region → a softmax probability per choice.
 *
 * <p>Each query becomes a VCR item whose objects are the image's regions (the regions-file row, or
 * for end-to-end models the image's VCR metadata: boxes and instance polygons), and goes through the
 * training collator in its query mode: the same tagging, truncation, box geometry and features as
 * validation, except that person names restart at Casey for every query (the reference's counter
 * rolls across a data-loader worker's samples, which has no meaning for a single query).
 */
final class VcrHead implements PackageHead {
    /** The class of regions a query does not name; only per-class object embeddings would read it. */
    private static final String UNNAMED = VcrNames.COCO_CLASSES.get(0);
    private static final int MASK_SIZE = 14;

    private final PackageConfig config;
    private final PackageConfig.Vcr vcr;
    private final BertTokenizer tokenizer;
    private final VcrCollator.Settings settings;

    VcrHead(PackageConfig config, BertTokenizer tokenizer) {
        this.config = config;
        this.vcr = config.vcr();
        this.tokenizer = tokenizer;
        this.settings = new VcrCollator.Settings(vcr.task(), VcrText.Mode.QUERY, vcr.addImageAsABox(),
                vcr.onlyRelevantDets(), vcr.maxTextPieces(), 0, config.resize().minSize(), config.resize().maxSize(),
                MASK_SIZE);
    }

    /** The training collator in query mode; on the pixel path reading the batch's decoded images by key. */
    private VcrCollator collator(Map<String, RgbImage> images) {
        Function<String, int[]> names = name -> TokenIds.of(tokenizer, name);
        int and = TokenIds.wholeWordId(tokenizer, "and");
        return config.pixels() == null ? new VcrCollator(settings, names, and, PersonNameSchedule.perSample())
                : new VcrCollator(settings, names, and, PersonNameSchedule.perSample(), images::get, config.pixels());
    }

    /** The query's regions: the regions-file row, or the image's VCR metadata (end-to-end packages). */
    private static int regionCount(Query q, Region region) {
        return region != null ? region.numBoxes() : q.pixels().boxes().length;
    }

    @Override
    public void check(Query q, Region region) {
        String what = q.describe();
        if (config.pixels() != null) {
            checkPixels(q, what);
        }
        if (q.text() == null || q.text().isBlank()) {
            throw new PackageException(what + " has no question");
        }
        if (q.choices().size() != VcrModel.NUM_CHOICES) {
            throw new PackageException(what + " has " + q.choices().size() + " choices; a VCR " + vcr.task().name()
                    + " package takes exactly " + VcrModel.NUM_CHOICES + " " + choiceName());
        }
        if (vcr.task() == VcrTask.QA2R && q.answer() == null) {
            throw new PackageException(what + " needs the answer whose rationales are the choices (this is a QA->R"
                    + " package)");
        }
        if (vcr.task() == VcrTask.Q2A && q.answer() != null) {
            throw new PackageException(what + " gives an answer, but this is a Q->A package: its choices are the"
                    + " answers");
        }
        int n = regionCount(q, region);
        if (!q.objects().isEmpty() && q.objects().size() != n) {
            throw new PackageException(what + " lists " + q.objects().size() + " objects but image " + q.imageId()
                    + " has " + n + " regions; give the COCO class of every region, in regions-file order");
        }
        for (String o : q.objects()) {
            if (!VcrNames.COCO_CLASSES.contains(o)) {
                throw new PackageException(what + ": object '" + o + "' is not one of the 81 COCO class names VCR uses"
                        + " (config.json vcr.object_classes; written without spaces, e.g. 'diningtable')");
            }
        }
        if (q.objects().isEmpty() && mentionsRegions(q)) {
            throw new PackageException(what + " refers to regions ([i]) but gives no objects: pass the COCO class of"
                    + " each of the image's " + n + " regions (--objects, or \"objects\" in a JSONL line), which"
                    + " names them in the text");
        }
        int first = vcr.addImageAsABox() ? 1 : 0;
        int positions = vcr.maxTextPieces() + 3 + n + first + 1;
        if (positions > config.maxPositionEmbeddings()) {
            throw new PackageException(what + ": image " + q.imageId() + " has " + n + " regions; with "
                    + vcr.maxTextPieces() + " text pieces that needs up to " + positions + " positions, more than the"
                    + " model's " + config.maxPositionEmbeddings());
        }
        for (String t : texts(q)) {
            VcrQueryText.parse(t, tokenizer, n, what);
        }
    }

    private static void checkPixels(Query q, String what) {
        if (q.pixels() == null || q.pixels().segms() == null) {
            throw new PackageException(what + " has no image: this package holds an end-to-end VCR model that reads"
                    + " pixels and instance masks; pass the image and its VCR metadata (--image FILE --metadata"
                    + " FILE.json, or \"img_fn\" and \"metadata_fn\" in a JSONL line) instead of region features");
        }
        float[][] boxes = q.pixels().boxes();
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            if (b.length != 5 || !(b[2] >= b[0]) || !(b[3] >= b[1])) {
                throw new PackageException(what + ": region " + i + " must be [x1, y1, x2, y2, score] with x2 >= x1"
                        + " and y2 >= y1 (pixels of the image)");
            }
        }
        if (q.pixels().segms().length != boxes.length) {
            throw new PackageException(what + ": " + boxes.length + " regions but " + q.pixels().segms().length
                    + " segms");
        }
    }

    private String choiceName() {
        return vcr.task() == VcrTask.Q2A ? "answers" : "rationales";
    }

    private static boolean mentionsRegions(Query q) {
        return texts(q).stream().anyMatch(VcrQueryText::refersToRegions);
    }

    private static List<String> texts(Query q) {
        List<String> all = new ArrayList<>();
        all.add(q.text());
        if (q.answer() != null) {
            all.add(q.answer());
        }
        all.addAll(q.choices());
        return all;
    }

    @Override
    public Map<String, HostTensor> inputs(List<Query> queries, List<Region> regions) {
        List<VcrExample> rows = new ArrayList<>(queries.size());
        Map<String, RgbImage> images = new HashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            String key = Integer.toString(i);
            if (q.pixels() != null && config.pixels() != null) {
                images.put(key, ImageDecoder.read(q.pixels().image()));
            }
            rows.add(new VcrExample(item(q, regions.get(i), key, images.get(key)), regions.get(i)));
        }
        return QueryBatches.collate(collator(images), rows);
    }

    /**
     * The VCR item of a query: its regions as the objects, the texts in token form, the answer as
     * label; on the pixel path the image (under {@code key}) with the metadata's boxes and polygons.
     */
    private VcrItem item(Query q, Region region, String key, RgbImage image) {
        String what = q.describe();
        int n = regionCount(q, region);
        List<String> objects = q.objects().isEmpty() ? Collections.nCopies(n, UNNAMED) : q.objects();
        List<VcrToken> question = VcrQueryText.parse(q.text(), tokenizer, n, "the question of " + what);
        List<List<VcrToken>> choices = new ArrayList<>();
        for (String c : q.choices()) {
            choices.add(VcrQueryText.parse(c, tokenizer, n, "a choice of " + what));
        }
        float[][] boxes = new float[n][];
        for (int o = 0; o < n; o++) {
            // x1, y1, x2, y2 and a detection score, which the model drops
            boxes[o] = region == null ? q.pixels().boxes()[o].clone()
                    : new float[] {region.box(o, 0), region.box(o, 1), region.box(o, 2), region.box(o, 3), 1f};
        }
        List<List<VcrToken>> answers = vcr.task() == VcrTask.Q2A ? choices
                : List.of(VcrQueryText.parse(q.answer(), tokenizer, n, "the answer of " + what));
        List<List<VcrToken>> rationales = vcr.task() == VcrTask.Q2A ? List.of() : choices;
        Integer answerLabel = vcr.task() == VcrTask.Q2A ? null : 0;
        if (region == null) {
            return new VcrItem(what, null, key, null, objects, question, answers, rationales, answerLabel, null,
                    image.width(), image.height(), boxes, q.pixels().segms());
        }
        return new VcrItem(what, null, region.imageId(), null, objects, question, answers,
                rationales, answerLabel, null, region.width(), region.height(), boxes, new float[n][0][]);
    }

    @Override
    public List<Prediction> predictions(List<Query> queries, List<Region> regions, Map<String, HostTensor> outputs,
                                        int topK) {
        float[] logits = outputs.get("label_logits").toFloatArray();
        int c = (int) VcrModel.NUM_CHOICES;
        int[] best = Argmax.rows(logits, queries.size(), c);
        List<Prediction> out = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            float[] probabilities = VcrProbabilities.softmax(logits, i * c, c);
            List<Prediction.Choice> choices = new ArrayList<>();
            for (int k = 0; k < c; k++) {
                choices.add(new Prediction.Choice(q.choices().get(k), logits[i * c + k], probabilities[k]));
            }
            out.add(new Prediction(q.id(), q.imageId(), q.text(), null, null, best[i], probabilities[best[i]],
                    choices));
        }
        return out;
    }
}
