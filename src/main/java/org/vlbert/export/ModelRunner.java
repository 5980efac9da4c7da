package org.vlbert.export;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;
import org.vlbert.runtime.OrtSessions;
import org.vlbert.runtime.OrtTensors;

/** An ONNX Runtime session over a package's model file, fed and read as host tensors by name. */
public final class ModelRunner implements AutoCloseable {
    private final OrtSession session;
    private final Path file;

    /** Loads from the path, so that external data next to the model is found. */
    public ModelRunner(Path modelFile, int threads) {
        this.file = modelFile;
        this.session = OrtSessions.create(modelFile.toString(), OrtSessions.Settings.cpu(threads));
    }

    public List<String> inputNames() {
        return new ArrayList<>(session.getInputNames());
    }

    public List<String> outputNames() {
        return new ArrayList<>(session.getOutputNames());
    }

    /** Runs the model; every graph input must be in {@code inputs}. Outputs in graph order. */
    public Map<String, HostTensor> run(Map<String, HostTensor> inputs) {
        try {
            return OrtTensors.run(session, inputs,
                    name -> new PackageException(file + " needs input '" + name + "' (given " + inputs.keySet() + ")"));
        } catch (OrtException e) {
            throw new PackageException("ONNX Runtime failed to run " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new PackageException("cannot close the session of " + file + ": " + e.getMessage(), e);
        }
    }
}
