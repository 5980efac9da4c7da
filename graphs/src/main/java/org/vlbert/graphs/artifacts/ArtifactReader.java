package org.vlbert.graphs.artifacts;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads an .onnx file (any producer) and summarises it; external data files are not opened. */
public final class ArtifactReader {
    private ArtifactReader() {}

    /** Parses the model proto from a stream, allowing models up to protobuf's 2 GiB limit. */
    public static OnnxMl.ModelProto readModel(Path file) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CodedInputStream cis = CodedInputStream.newInstance(in);
            cis.setSizeLimit(Integer.MAX_VALUE);
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(cis);
            if (!m.hasGraph()) {
                throw new ArtifactException(file + " is not an ONNX model (it has no graph)");
            }
            return m;
        } catch (NoSuchFileException e) {
            throw new ArtifactException("no such file: " + file);
        } catch (InvalidProtocolBufferException e) {
            throw new ArtifactException(file + " is not an ONNX model: " + e.getMessage());
        } catch (IOException e) {
            throw new ArtifactException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static ArtifactInfo describe(Path file) {
        OnnxMl.ModelProto m = readModel(file);
        OnnxMl.GraphProto g = m.getGraph();
        Map<String, String> metadata = new LinkedHashMap<>();
        m.getMetadataPropsList().forEach(e -> metadata.put(e.getKey(), e.getValue()));
        Map<String, String> inputRoles = roles(metadata, ArtifactMetadata.INPUTS);
        Map<String, String> outputRoles = roles(metadata, ArtifactMetadata.OUTPUTS);

        List<TensorInfo> inputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getInputList()) {
            inputs.add(info(v, inputRoles.getOrDefault(v.getName(), "input")));
        }
        List<TensorInfo> outputs = new ArrayList<>();
        for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
            outputs.add(info(v, outputRoles.getOrDefault(v.getName(), "output")));
        }

        String paramsJson = metadata.get(ArtifactMetadata.PARAMS);
        Set<String> paramNames = paramsJson == null ? null : new HashSet<>(ArtifactMetadata.parseParamNames(paramsJson));
        long count = 0;
        int tensors = 0;
        boolean external = false;
        for (OnnxMl.TensorProto t : g.getInitializerList()) {
            external |= t.getDataLocation() == OnnxMl.TensorProto.DataLocation.EXTERNAL;
            if (paramNames == null || paramNames.contains(t.getName())) {
                long n = 1;
                for (long d : t.getDimsList()) {
                    n *= d;
                }
                count += n;
                tensors++;
            }
        }
        for (TensorInfo in : inputs) {
            if (in.role().equals(ArtifactMetadata.ROLE_PARAM) && in.fixedNumel() >= 0) {
                count += in.fixedNumel();
                tensors++;
            }
        }

        Map<String, Integer> counts = new HashMap<>();
        for (OnnxMl.NodeProto n : g.getNodeList()) {
            String key = n.getDomain().isEmpty() || n.getDomain().equals("ai.onnx")
                    ? n.getOpType() : n.getDomain() + ":" + n.getOpType();
            counts.merge(key, 1, Integer::sum);
        }
        Map<String, Integer> histogram = new LinkedHashMap<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> histogram.put(e.getKey(), e.getValue()));

        Map<String, Long> opsets = new LinkedHashMap<>();
        m.getOpsetImportList().forEach(o -> opsets.put(o.getDomain().isEmpty() ? "ai.onnx" : o.getDomain(),
                o.getVersion()));
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (IOException e) {
            bytes = -1;
        }
        return new ArtifactInfo(file, bytes, m.getProducerName(), m.getProducerVersion(), m.getIrVersion(), opsets,
                inputs, outputs, count, tensors, external, g.getNodeCount(), histogram, metadata);
    }

    private static Map<String, String> roles(Map<String, String> metadata, String key) {
        String json = metadata.get(key);
        return json == null ? Map.of() : ArtifactMetadata.parseRoles(json, key);
    }

    private static TensorInfo info(OnnxMl.ValueInfoProto v, String role) {
        return new TensorInfo(v.getName(), ArtifactMetadata.dtypeName(v.getType().getTensorType().getElemType()),
                ArtifactMetadata.shapeOf(v), role);
    }
}
