package org.vlbert.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.data.image.ImageDecoder;
import org.vlbert.data.image.RgbImage;
import org.vlbert.data.refcoco.CandidateBoxes;
import org.vlbert.data.refcoco.RefSentence;
import org.vlbert.data.refcoco.RefcocoCollator;
import org.vlbert.data.refcoco.RefcocoExample;
import org.vlbert.data.refcoco.RefcocoRef;
import org.vlbert.data.regions.Region;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.tokenizer.BertTokenizer;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * RefCOCO+ end-to-end models: an expression, an image file and its candidate boxes. Each query
 * becomes a one-sentence ref whose "gt" candidates are the query's boxes and goes through the
 * training {@link RefcocoCollator} on its pixel path (no flip, no labels): the reference's image
 * transform, the whole image as box 0, boxes scaled and clamped, images zero-padded per batch.
 */
final class RefcocoPixelInputs implements QueryInputs {
    private final PackageConfig config;
    private final BertTokenizer tokenizer;

    RefcocoPixelInputs(PackageConfig config, BertTokenizer tokenizer) {
        this.config = config;
        this.tokenizer = tokenizer;
    }

    @Override
    public void check(Query q, Region region) {
        String what = q.describe();
        if (!q.choices().isEmpty() || q.answer() != null || !q.objects().isEmpty()) {
            throw new PackageException(what + ": choices, answer and objects belong to VCR queries; this package takes"
                    + " an image, candidate boxes and a referring expression");
        }
        if (q.text() == null || q.text().isBlank()) {
            throw new PackageException(what + " has no referring expression");
        }
        if (q.pixels() == null) {
            throw new PackageException(what + " has no image: this package holds an end-to-end model that reads"
                    + " pixels; pass the image file and its candidate boxes (--image FILE --boxes JSON, or \"image\""
                    + " and \"boxes\" in a JSONL line) instead of region features");
        }
        float[][] boxes = q.pixels().boxes();
        if (boxes == null || boxes.length == 0) {
            throw new PackageException(what + " has no candidate boxes: the model picks one of them");
        }
        for (int i = 0; i < boxes.length; i++) {
            float[] b = boxes[i];
            if (b.length != 4 || !(b[2] >= b[0]) || !(b[3] >= b[1])) {
                throw new PackageException(what + ": candidate box " + i + " must be [x1, y1, x2, y2] with x2 >= x1"
                        + " and y2 >= y1 (pixels of the image)");
            }
        }
        int pieces = TokenIds.of(tokenizer, q.text()).length;
        int length = pieces + 2 + boxes.length + 1 + 1;
        if (length > config.maxPositionEmbeddings()) {
            throw new PackageException(what + ": the expression (" + pieces + " WordPieces) and " + boxes.length
                    + " boxes need " + length + " positions, more than the model's " + config.maxPositionEmbeddings()
                    + "; shorten the text or pass fewer boxes");
        }
    }

    @Override
    public Map<String, HostTensor> build(List<Query> queries, List<Region> regions) {
        Map<String, RgbImage> images = new HashMap<>();
        List<RefcocoExample> rows = new ArrayList<>(queries.size());
        for (int i = 0; i < queries.size(); i++) {
            Query q = queries.get(i);
            String key = Integer.toString(i);
            RgbImage img = ImageDecoder.read(q.pixels().image());
            images.put(key, img);
            RefSentence sentence = new RefSentence(0, q.text(), q.text(), List.of(q.text().split(" ")),
                    TokenIds.of(tokenizer, q.text()));
            RefcocoRef ref = new RefcocoRef(0, 0, q.imageId(), "query", 0, key, img.width(), img.height(), null,
                    List.of(sentence), q.pixels().boxes(), null);
            rows.add(new RefcocoExample(ref, 0, null));
        }
        RefcocoCollator collator = new RefcocoCollator(new RefcocoCollator.Settings(CandidateBoxes.GT, false, true, 0,
                config.resize(), -1, -1), ref -> images.get(ref.fileName()), config.pixels());
        return QueryBatches.collate(collator, rows);
    }
}
