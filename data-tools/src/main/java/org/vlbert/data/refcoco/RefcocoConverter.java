package org.vlbert.data.refcoco;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.BadRecords;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.convert.JsonArrayStream;
import org.vlbert.data.convert.JsonFields;
import org.vlbert.data.schema.RefcocoSchema;
import org.vlbert.data.text.TokenIds;
import org.vlbert.data.text.WordPieceTokenizer;

/**
 * {@code vlbert data convert-refcoco}: REFER's {@code refs(unc).p} + COCO {@code instances.json}
 * (+ MAttNet detections) → a RefCOCO+ file ({@link RefcocoSchema}). The COCO files are streamed
 * and only the images the refs use are kept; boxes are converted {@code [x, y, w, h] → [x, y,
 * x+w, y+h]} (no -1) as the reference does.
 */
public final class RefcocoConverter {
    public record Settings(WordPieceTokenizer tokenizer, String vocabDescription) {}

    private record Image(int width, int height) {}

    private RefcocoConverter() {}

    /**
     * @param detections MAttNet {@code res101_coco_minus_refer_notime_dets.json}, or null
     */
    public static ConversionReport convert(Path refsFile, Path instances, Path detections, Path output, Settings settings,
                                           ConversionOptions options) {
        long start = System.nanoTime();
        BadRecords bad = new BadRecords(options.skipBad());
        List<Object> raw = PickledRefs.load(refsFile);
        List<PickledRefs.Ref> refs = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            try {
                refs.add(PickledRefs.parse(refsFile, i, raw.get(i)));
            } catch (BadInputException e) {
                bad.handle(e);
            }
        }
        raw = null;
        Set<Long> imageIds = new HashSet<>();
        for (PickledRefs.Ref r : refs) {
            imageIds.add(r.imageId());
        }
        Map<Long, Image> images = images(instances, imageIds, bad);
        Map<Long, float[]> annBoxes = new HashMap<>();
        Map<Long, List<float[]>> gtBoxes = annotations(instances, imageIds, annBoxes, bad);
        Map<Long, List<float[]>> proposals = detections == null ? null : detections(detections, imageIds, bad);

        Map<String, String> meta = RefcocoRows.metadata(settings.tokenizer(), settings.vocabDescription(),
                "vlbert data convert-refcoco");
        try (ArrowSink sink = ArrowSink.create(output, RefcocoSchema.schema(meta), options.batchBytes())) {
            int done = 0;
            for (PickledRefs.Ref r : refs) {
                try {
                    RefcocoRows.append(sink, join(refsFile, instances, r, images, annBoxes, gtBoxes, proposals, settings));
                } catch (BadInputException e) {
                    bad.handle(e);
                }
                options.progress().update(++done, refs.size());
            }
            return ConversionReport.commit(sink, start, bad);
        }
    }

    private static RefcocoRef join(Path refsFile, Path instances, PickledRefs.Ref r, Map<Long, Image> images,
                                   Map<Long, float[]> annBoxes, Map<Long, List<float[]>> gtBoxes,
                                   Map<Long, List<float[]>> proposals, Settings settings) {
        String what = "refs[" + r.index() + "] (ref_id " + r.refId() + ")";
        Image img = images.get(r.imageId());
        if (img == null) {
            throw new BadInputException(refsFile.toString(), what + ": image_id " + r.imageId() + " is not in " + instances);
        }
        float[] box = annBoxes.get(r.annId());
        if (box == null) {
            throw new BadInputException(refsFile.toString(), what + ": ann_id " + r.annId() + " is not in " + instances);
        }
        List<RefSentence> sentences = new ArrayList<>();
        for (RefSentence s : r.sentences()) {
            sentences.add(new RefSentence(s.sentId(), s.raw(), s.sent(), s.tokens(),
                    TokenIds.of(settings.tokenizer(), String.join(" ", s.tokens()))));
        }
        List<float[]> proposalList = proposals == null ? null : proposals.getOrDefault(r.imageId(), List.of());
        return new RefcocoRef(r.refId(), r.annId(), Long.toString(r.imageId()), r.split(), r.categoryId(), r.fileName(),
                img.width(), img.height(), box, sentences, gtBoxes.getOrDefault(r.imageId(), List.of()).toArray(float[][]::new),
                proposalList == null ? null : proposalList.toArray(float[][]::new));
    }

    private static Map<Long, Image> images(Path instances, Set<Long> wanted, BadRecords bad) {
        Map<Long, Image> out = new HashMap<>();
        try (JsonArrayStream in = new JsonArrayStream(instances, "images")) {
            for (JsonNode n = in.next(); n != null; n = in.next()) {
                try {
                    JsonFields f = new JsonFields(n, in.location(), "images[" + in.index() + "]");
                    long id = f.requireLong("id");
                    if (wanted.contains(id)) {
                        out.put(id, new Image(f.requireInt("width"), f.requireInt("height")));
                    }
                } catch (BadInputException e) {
                    bad.handle(e);
                }
            }
        }
        return out;
    }

    private static Map<Long, List<float[]>> annotations(Path instances, Set<Long> wanted, Map<Long, float[]> byAnn,
                                                        BadRecords bad) {
        Map<Long, List<float[]>> perImage = new HashMap<>();
        try (JsonArrayStream in = new JsonArrayStream(instances, "annotations")) {
            for (JsonNode n = in.next(); n != null; n = in.next()) {
                try {
                    JsonFields f = new JsonFields(n, in.location(), "annotations[" + in.index() + "]");
                    long image = f.requireLong("image_id");
                    if (!wanted.contains(image)) {
                        continue;
                    }
                    float[] box = xywhToCorners(f, "bbox");
                    byAnn.put(f.requireLong("id"), box);
                    perImage.computeIfAbsent(image, k -> new ArrayList<>()).add(box);
                } catch (BadInputException e) {
                    bad.handle(e);
                }
            }
        }
        return perImage;
    }

    private static Map<Long, List<float[]>> detections(Path file, Set<Long> wanted, BadRecords bad) {
        Map<Long, List<float[]>> perImage = new HashMap<>();
        try (JsonArrayStream in = new JsonArrayStream(file, null)) {
            for (JsonNode n = in.next(); n != null; n = in.next()) {
                try {
                    JsonFields f = new JsonFields(n, in.location(), "detections[" + in.index() + "]");
                    long image = f.requireLong("image_id");
                    if (wanted.contains(image)) {
                        perImage.computeIfAbsent(image, k -> new ArrayList<>()).add(xywhToCorners(f, "box"));
                    }
                } catch (BadInputException e) {
                    bad.handle(e);
                }
            }
        }
        return perImage;
    }

    /** COCO {@code [x, y, w, h]} → {@code [x, y, x+w, y+h]}, summed in double like the reference, stored as float32. */
    private static float[] xywhToCorners(JsonFields f, String field) {
        JsonNode b = f.requireArray(field);
        if (b.size() != 4) {
            throw f.error("'" + field + "' must have 4 numbers, got " + b);
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
            if (!b.get(i).isNumber()) {
                throw f.error("'" + field + "' must have 4 numbers, got " + b);
            }
            v[i] = b.get(i).asDouble();
        }
        return new float[] {(float) v[0], (float) v[1], (float) (v[0] + v[2]), (float) (v[1] + v[3])};
    }
}
