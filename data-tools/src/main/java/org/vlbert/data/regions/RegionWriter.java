package org.vlbert.data.regions;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.vlbert.data.arrow.ArrowSink;
import org.vlbert.data.arrow.Columns;
import org.vlbert.data.convert.BadInputException;
import org.vlbert.data.convert.BadRecords;
import org.vlbert.data.convert.ConversionOptions;
import org.vlbert.data.convert.ConversionReport;
import org.vlbert.data.schema.RegionSchema;
import org.vlbert.data.schema.SchemaMeta;

/** Decodes records and appends them to a regions file; the sink opens once the layout is known. */
final class RegionWriter implements AutoCloseable {
    private final Path output;
    private final ConversionOptions options;
    private final RegionConverter.Settings settings;
    private final RegionDecoder decoder;
    private final BadRecords bad;
    private final long startNanos = System.nanoTime();
    private ArrowSink sink;

    RegionWriter(Path output, RegionConverter.Settings settings, ConversionOptions options) {
        this.output = output;
        this.options = options;
        this.settings = settings;
        this.decoder = new RegionDecoder(settings.featureDim(), settings.fp16());
        this.bad = new BadRecords(options.skipBad());
    }

    BadRecords bad() {
        return bad;
    }

    /** Parses and appends one image; a {@link BadInputException} is thrown or counted per --skip-bad. */
    void accept(Supplier<Map<String, String>> fields, String at) {
        RegionRecord r;
        try {
            r = decoder.decode(fields.get(), at);
        } catch (BadInputException e) {
            bad.handle(e);
            return;
        }
        append(r);
    }

    private void append(RegionRecord r) {
        if (sink == null) {
            sink = openSink(decoder.layout());
        }
        VectorSchemaRoot root = sink.root();
        int row = sink.row();
        Columns.utf8(root.getVector(RegionSchema.IMAGE_ID), row, r.imageId());
        Columns.int32(root.getVector(RegionSchema.WIDTH), row, r.width());
        Columns.int32(root.getVector(RegionSchema.HEIGHT), row, r.height());
        Columns.floatMatrix(root.getVector(RegionSchema.BOXES), row, r.boxes(), r.numBoxes());
        Columns.floatMatrix(root.getVector(RegionSchema.FEATURES), row, r.features(), r.numBoxes());
        RegionSchema.Layout layout = decoder.layout();
        if (layout.imageBoxFeature()) {
            Columns.floatVector(root.getVector(RegionSchema.IMAGE_BOX_FEATURE), row, r.imageBoxFeature());
        }
        if (layout.classScoreDim() > 0) {
            Columns.floatMatrix(root.getVector(RegionSchema.CLASS_SCORES), row, r.classScores(), r.numBoxes());
        }
        if (layout.attrScoreDim() > 0) {
            Columns.floatMatrix(root.getVector(RegionSchema.ATTR_SCORES), row, r.attrScores(), r.numBoxes());
        }
        if (layout.labels()) {
            Columns.int32List(root.getVector(RegionSchema.CLASS_LABELS), row, r.classLabels());
            Columns.float32List(root.getVector(RegionSchema.CLASS_CONFIDENCES), row, r.classConfidences());
        }
        if (layout.attrLabels()) {
            Columns.int32List(root.getVector(RegionSchema.ATTR_LABELS), row, r.attrLabels());
            Columns.float32List(root.getVector(RegionSchema.ATTR_CONFIDENCES), row, r.attrConfidences());
        }
        sink.endRow();
    }

    ConversionReport finish() {
        if (sink == null) {
            // no valid record: still write a (empty) file with the basic layout
            sink = openSink(decoder.layout() != null ? decoder.layout()
                    : RegionSchema.Layout.basic(settings.featureDim(), settings.fp16()));
        }
        return ConversionReport.commit(sink, startNanos, bad);
    }

    private ArrowSink openSink(RegionSchema.Layout layout) {
        return ArrowSink.create(output, RegionSchema.schema(layout, Map.of(SchemaMeta.WRITER, "vlbert data convert-features")),
                options.batchBytes());
    }

    @Override
    public void close() {
        if (sink != null) {
            sink.close();
        }
    }
}
