package org.vlbert.eval;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.artifacts.ArtifactWriter;
import org.vlbert.graphs.artifacts.WrittenArtifact;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;

/**
 * A checkpoint evaluated through its deployed form: the task's {@code infer.onnx} (no dropout, no
 * loss, parameters embedded) is written by {@link ArtifactWriter#writeInfer} and ONNX Runtime
 * loads it from that path, so val/test run exactly the graph that an export ships.
 */
public final class InferenceModel implements BatchModel, AutoCloseable {
    private final Path graph;
    private final OrtSession session;
    private final Set<String> inputs;

    private InferenceModel(Path graph, OrtSession session) throws OrtException {
        this.graph = graph;
        this.session = session;
        this.inputs = session.getInputNames();
    }

    /**
     * Loads {@code ckpt} strictly against {@code model}'s parameters (those of its training form,
     * so a checkpoint of another config is refused), writes {@code graphDir/infer.onnx} and opens it.
     */
    public static InferenceModel open(TaskGraph model, Path ckpt, Path graphDir, OrtSessions.Settings settings,
                                      String producerVersion, String configHash) {
        Map<String, long[]> shapes = parameterShapes(model);
        Map<String, HostTensor> params = org.vlbert.tasks.CheckpointFiles.loadParams(ckpt, shapes);
        WrittenArtifact written;
        try {
            Files.createDirectories(graphDir);
            written = new ArtifactWriter(model).producerVersion(producerVersion).configHash(configHash)
                    .writeInfer(graphDir, params);
        } catch (IOException e) {
            throw new VlbertException("cannot write the inference graph into " + graphDir + ": " + e.getMessage(), e);
        }
        OrtSession s = OrtSessions.create(written.file().toString(), settings);
        try {
            return new InferenceModel(written.file(), s);
        } catch (OrtException e) {
            closeQuietly(s);
            throw new VlbertException("ONNX Runtime cannot describe " + written.file() + ": " + e.getMessage(), e);
        }
    }

    /** Every parameter of the model with its shape (the training form: heads used only by the loss included). */
    public static Map<String, long[]> parameterShapes(TaskGraph model) {
        GraphBuilder b = new GraphBuilder();
        model.build(b, Dropout.none(), true);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        b.graph().params().forEach((name, p) -> shapes.put(name, p.shape()));
        return shapes;
    }

    /** The infer.onnx file this model runs. */
    public Path graph() {
        return graph;
    }

    public Set<String> inputNames() {
        return inputs;
    }

    /**
     * Runs one batch: feeds the batch tensors the graph takes (labels and other extras are ignored)
     * and returns host copies of every output.
     */
    @Override
    public Map<String, HostTensor> run(Map<String, HostTensor> batch) {
        try {
            return OrtTensors.run(session, batch, name -> new VlbertException("the batch has no input '" + name
                    + "' that " + graph + " needs (batch has " + batch.keySet() + ")"));
        } catch (OrtException e) {
            throw new VlbertException("inference failed in ONNX Runtime (" + graph + "): " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException e) {
            // nothing was written through the session; the native memory is released either way
        }
    }
}
