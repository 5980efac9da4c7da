package org.vlbert.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.vlbert.cli.VlbertException;
import org.vlbert.data.image.PreparedImage;
import org.vlbert.graphs.model.visual.ResNetSpec;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;

/**
 * Runs the pixel path on one transformed image at a time: the 2048-d region feature of each box
 * (boxes in resized-image pixels, as {@link PreparedImage#transformBoxes} gives them).
 */
public final class RegionFeatureExtractor implements Featurizer, AutoCloseable {
    private final OrtSession session;
    private final long featureDim;

    public RegionFeatureExtractor(ResNetSpec spec, Map<String, HostTensor> weights, OrtSessions.Settings settings) {
        this.featureDim = spec.regionFeatureDim();
        this.session = OrtSessions.create(RegionFeatureGraph.build(spec, weights).toByteArray(), settings);
    }

    @Override
    public long featureDim() {
        return featureDim;
    }

    /** Features [boxes, 2048] row-major for {@code resizedBoxes} (4 values per box). */
    @Override
    public float[] extract(PreparedImage image, float[] resizedBoxes) {
        int k = resizedBoxes.length / 4;
        if (k == 0) {
            return new float[0];
        }
        HostTensor img = HostTensor.ofFloats(new long[] {1, 3, image.height(), image.width()}, image.chw());
        HostTensor rois = HostTensor.ofFloats(new long[] {k, 4}, resizedBoxes);
        HostTensor batch = HostTensor.allocate(DType.INT64, k);
        try (OnnxTensor i = OrtTensors.wrap(img); OnnxTensor r = OrtTensors.wrap(rois); OnnxTensor b = OrtTensors.wrap(batch);
             OrtSession.Result out = session.run(Map.of(RegionFeatureGraph.IMAGE, i, RegionFeatureGraph.ROIS, r,
                     RegionFeatureGraph.ROI_BATCH, b))) {
            return OrtTensors.copy((OnnxTensor) out.get(0)).toFloatArray();
        } catch (OrtException e) {
            throw new VlbertException("feature extraction failed in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new VlbertException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
