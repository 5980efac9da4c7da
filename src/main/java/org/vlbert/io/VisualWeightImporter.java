package org.vlbert.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.model.visual.ResNetBackbone;
import org.vlbert.graphs.model.visual.RoiHead;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Loads the end-to-end visual module's weights (model.md §6.4, §9.2) from the two kinds of
 * files the reference uses:
 *
 * <ul>
 *   <li>the pretrained ResNet ({@code IMAGE_PRETRAINED-0000.model}, e.g.
 *       {@code resnet101-pt-vgbua-0000.model}): a raw torchvision state dict. {@code conv1.*},
 *       {@code bn1.*}, {@code layer1..3.*} go to {@code image_feature_extractor.backbone.*} where
 *       the truncated backbone has them (absent ones are only reported, as the reference warns);
 *       every {@code layer4.*} tensor initialises the RoI head, strictly (each head tensor must
 *       come from the file, and each layer4 tensor must fit the head). {@code fc.*} is unused.</li>
 *   <li>VL-BERT end-to-end checkpoints: {@link #normalise} drops the BatchNorm
 *       {@code num_batches_tracked} counters (a frozen BN never reads them) and resolves the
 *       {@code image_feature_extractor.head.0.*} alias of the RoI head, so that the usual partial
 *       or strict loading rules ({@link StateDictImporter}) see one key per parameter.</li>
 * </ul>
 */
public final class VisualWeightImporter {
    private static final String BACKBONE = ResNetBackbone.SCOPE + ".";
    private static final String HEAD = RoiHead.SCOPE + ".";
    private static final String HEAD_ALIAS = RoiHead.ALIAS_SCOPE + ".";
    private static final String LAYER4 = "layer4.";
    private static final String BN_COUNTER = "num_batches_tracked";

    private VisualWeightImporter() {}

    /** The reference's {@code IMAGE_PRETRAINED-{IMAGE_PRETRAINED_EPOCH:04d}.model} file name. */
    public static Path pretrainedFile(String prefix, int epoch) {
        return Path.of(String.format("%s-%04d.model", prefix, epoch));
    }

    /**
     * Maps a ResNet state dict onto the model's visual parameters ({@code target}: every model
     * parameter name and shape; non-visual ones are left alone). Strict-group violations (an
     * incomplete {@code layer4} for the head) are in {@link ImportResult#strictViolations()}.
     */
    public static ImportResult fromResNet(Map<String, HostTensor> resnet, Map<String, long[]> target) {
        Map<String, long[]> visual = new LinkedHashMap<>();
        target.forEach((k, v) -> {
            if (k.startsWith(BACKBONE) || k.startsWith(HEAD)) {
                visual.put(k, v);
            }
        });
        ImportCollector out = new ImportCollector(visual);
        for (Map.Entry<String, HostTensor> e : resnet.entrySet()) {
            String key = e.getKey();
            if (key.endsWith(BN_COUNTER)) {
                continue;
            }
            if (key.startsWith(LAYER4)) {
                String headKey = HEAD + key.substring(LAYER4.length());
                if (visual.containsKey(headKey)) {
                    out.offer(key, headKey, e.getValue());
                } else {
                    out.violation("the RoI head is loaded strictly from layer4 but has no parameter for '" + key + "'");
                }
            } else {
                out.offer(key, BACKBONE + key, e.getValue());
            }
        }
        out.requireGroup(HEAD, "the RoI head (from layer4.*)");
        return out.result();
    }

    /**
     * A VL-BERT checkpoint's state dict with the visual module's bookkeeping keys removed: BN
     * {@code num_batches_tracked} counters under the visual prefixes, and the {@code head.0.*}
     * alias, which is renamed to {@code roi_head_feature_extractor.*} when that key is absent and
     * dropped when both are present (they are one module in the reference). A {@code module.}
     * prefix is kept as it is. Order is preserved.
     */
    public static Map<String, HostTensor> normalise(Map<String, HostTensor> checkpoint) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : checkpoint.entrySet()) {
            String key = e.getKey();
            String bare = key.startsWith(StateDictImporter.MODULE_PREFIX)
                    ? key.substring(StateDictImporter.MODULE_PREFIX.length()) : key;
            String prefix = key.substring(0, key.length() - bare.length());
            boolean visual = bare.startsWith(BACKBONE) || bare.startsWith(HEAD) || bare.startsWith(HEAD_ALIAS);
            if (visual && bare.endsWith(BN_COUNTER)) {
                continue;
            }
            if (bare.startsWith(HEAD_ALIAS)) {
                String primary = prefix + HEAD + bare.substring(HEAD_ALIAS.length());
                if (!checkpoint.containsKey(primary)) {
                    out.put(primary, e.getValue());
                }
                continue;
            }
            out.put(key, e.getValue());
        }
        return out;
    }
}
