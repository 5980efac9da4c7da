package org.vlbert.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.cli.VlbertException;
import org.vlbert.io.ImportOptions;
import org.vlbert.io.ImportResult;
import org.vlbert.io.Safetensors;
import org.vlbert.io.StateDictImporter;
import org.vlbert.io.TorchCheckpointReader;
import org.vlbert.io.VisualWeightImporter;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Loads every weight of the pixel path from one of: the reference's pretrained ResNet file
 * ({@code resnet101-pt-vgbua-0000.model}: conv1..layer4), a VL-BERT end-to-end {@code .model}
 * checkpoint ({@code image_feature_extractor.*}, with or without {@code module.}), a
 * {@code .safetensors} file, or one of our checkpoint directories ({@code params.safetensors}).
 * Feature extraction needs all of them: a missing tensor is an error, not a random init.
 */
public final class VisualCheckpoint {
    private VisualCheckpoint() {}

    /** The loaded tensors by parameter name, for exactly the parameters of {@code target}. */
    public static Map<String, HostTensor> load(Path file, Map<String, long[]> target) {
        Map<String, HostTensor> source = read(file);
        ImportResult r;
        if (source.containsKey("conv1.weight") || source.containsKey("layer4.0.conv1.weight")) {
            r = VisualWeightImporter.fromResNet(source, target);
        } else {
            r = StateDictImporter.importStateDict(VisualWeightImporter.normalise(source), target,
                    ImportOptions.partialPretrain(List.of()));
        }
        List<String> problems = new ArrayList<>();
        r.shapeMismatches().forEach(m -> problems.add("shape mismatch: " + m));
        problems.addAll(r.strictViolations());
        if (!r.missing().isEmpty()) {
            problems.add(r.missing().size() + " visual parameters are not in the file, e.g. "
                    + r.missing().subList(0, Math.min(3, r.missing().size())));
        }
        if (!problems.isEmpty()) {
            throw new VlbertException(file + " does not hold the ResNet weights of this config:\n  "
                    + String.join("\n  ", problems) + "\nPass the pretrained ResNet file (NETWORK.IMAGE_PRETRAINED"
                    + "-0000.model) or an end-to-end VL-BERT checkpoint trained with the same NETWORK.IMAGE_* keys");
        }
        return r.tensors();
    }

    private static Map<String, HostTensor> read(Path file) {
        try {
            if (Files.isDirectory(file)) {
                Path params = file.resolve("params.safetensors");
                if (!Files.exists(params)) {
                    throw new VlbertException(file + " is a directory without params.safetensors; pass a checkpoint"
                            + " directory of a vlbert run, or a .model / .safetensors file");
                }
                return Safetensors.read(params).tensors();
            }
            if (!Files.exists(file)) {
                throw new VlbertException(file + ": no such checkpoint file");
            }
            if (file.getFileName().toString().endsWith(".safetensors")) {
                return Safetensors.read(file).tensors();
            }
            return TorchCheckpointReader.readStateDict(file);
        } catch (IOException e) {
            throw new VlbertException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
