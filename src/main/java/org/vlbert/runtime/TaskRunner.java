package org.vlbert.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.cli.VlbertException;
import org.vlbert.graphs.compile.CompiledTask;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Runs a compiled task's graphs in ONNX Runtime: the training step (forward, loss, gradients
 * written straight into the gradient slab through pinned outputs, dropout masks drawn from
 * seed and step) and evaluation. Parameters are fed zero-copy from the parameter slab, so a
 * Java-side optimizer that updates the slab in place is seen by the next run.
 */
public final class TaskRunner implements AutoCloseable {
    /** The scalar training loss, always fetched. */
    private static final String LOSS = "loss";

    private final CompiledTask task;
    private final TensorSlab params;
    private final OrtSession train;
    private final OrtSession eval;
    private final OrtSession dims;
    private final Set<String> trainOutputs;
    /** Gradient outputs → the gradient slab's tensors, written in place by every training run. */
    private final Map<String, OnnxValue> pinnedGrads;
    /** Per dropout site: its mask buffer and the ORT tensor over it, kept while the shape holds. */
    private final Map<String, MaskTensor> masks = new HashMap<>();

    /** A mask tensor over a reused direct buffer; refilled in place each step (ORT reads it zero-copy). */
    private record MaskTensor(ByteBuffer buffer, long[] shape, OnnxTensor tensor) {}

    /** The outputs of one run (host copies) and the loss. */
    public record StepOutput(float loss, Map<String, HostTensor> outputs) {}

    public TaskRunner(CompiledTask task, TensorSlab params, TensorSlab grads, OrtSessions.Settings settings) {
        this.task = task;
        this.params = params;
        this.train = OrtSessions.create(task.trainStep().toByteArray(), settings);
        this.eval = OrtSessions.create(task.eval().toByteArray(), settings);
        Set<String> outputs = new LinkedHashSet<>();
        Map<String, OnnxValue> pinned = new LinkedHashMap<>();
        for (String out : train.getOutputNames()) {
            if (isGradient(out)) {
                pinned.put(out, grads.tensor(CompiledTask.gradParam(out)));
            } else {
                outputs.add(out);
            }
        }
        this.trainOutputs = Collections.unmodifiableSet(outputs);
        this.pinnedGrads = Collections.unmodifiableMap(pinned);
        this.dims = task.dropoutSites().isEmpty() || task.dims().getGraph().getOutputCount() == 0 ? null
                : OrtSessions.create(task.dims().toByteArray(), OrtSessions.Settings.cpu(1));
    }

    public CompiledTask task() {
        return task;
    }

    /**
     * One training step that copies every output (loss, loss terms, task outputs) to the host;
     * gradients go into the gradient slab. For tests and tools that inspect all outputs.
     */
    public StepOutput trainStep(Map<String, HostTensor> batch, long seed, long step) {
        return trainStep(batch, seed, step, trainOutputs);
    }

    /**
     * One training step that copies only the loss and the {@code fetch} outputs to the host (names
     * the graph does not produce are skipped, as a loss logger of an absent term reads nothing);
     * gradients go into the gradient slab. Outputs not fetched, e.g. vocabulary-sized logits, are
     * never copied.
     */
    public StepOutput trainStep(Map<String, HostTensor> batch, long seed, long step, Set<String> fetch) {
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            Map<String, OnnxTensor> batchTensors = wrapBatch(batch, owned, train);
            Map<String, OnnxTensor> stepMasks = drawMasks(batch, batchTensors, seed, step);
            Map<String, OnnxTensor> feeds = feeds(train, batchTensors, stepMasks);
            Set<String> requested = new LinkedHashSet<>();
            requested.add(LOSS);
            for (String out : trainOutputs) {
                if (fetch.contains(out)) {
                    requested.add(out);
                }
            }
            try (OrtSession.Result r = train.run(feeds, requested, pinnedGrads)) {
                return collect(r, requested);
            }
        } catch (OrtException e) {
            throw new VlbertException("training step failed in ONNX Runtime: " + e.getMessage(), e);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    /** The training step's outputs other than the gradients, in graph order. */
    public Set<String> trainOutputs() {
        return trainOutputs;
    }

    private static boolean isGradient(String output) {
        return CompiledTask.gradParam(output) != null;
    }

    /**
     * Evaluation forward pass (no dropout) copying the {@code wanted} outputs; loss outputs are
     * computed only if labels are fed. Nothing wanted: nothing is run.
     */
    public StepOutput evaluate(Map<String, HostTensor> batch, Set<String> wanted) {
        if (wanted.isEmpty()) {
            return new StepOutput(Float.NaN, Map.of());
        }
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            Map<String, OnnxTensor> batchTensors = wrapBatch(batch, owned, eval);
            Map<String, OnnxTensor> feeds = feeds(eval, batchTensors, Map.of());
            Set<String> requested = new LinkedHashSet<>(wanted);
            try (OrtSession.Result r = eval.run(feeds, requested)) {
                return collect(r, requested);
            }
        } catch (OrtException e) {
            throw new VlbertException("evaluation failed in ONNX Runtime: " + e.getMessage(), e);
        } finally {
            owned.forEach(OnnxTensor::close);
        }
    }

    private StepOutput collect(OrtSession.Result r, Set<String> requested) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (String name : requested) {
            out.put(name, OrtTensors.copy((OnnxTensor) r.get(name).orElseThrow()));
        }
        HostTensor loss = out.get(LOSS);
        return new StepOutput(loss == null ? Float.NaN : loss.toFloatArray()[0], out);
    }

    private static Map<String, OnnxTensor> wrapBatch(Map<String, HostTensor> batch, List<OnnxTensor> owned,
                                                     OrtSession session) throws OrtException {
        Set<String> inputs = session.getInputNames();
        Map<String, OnnxTensor> m = new LinkedHashMap<>();
        for (Map.Entry<String, HostTensor> e : batch.entrySet()) {
            if (inputs.contains(e.getKey())) {
                OnnxTensor t = OrtTensors.wrap(e.getValue());
                owned.add(t);
                m.put(e.getKey(), t);
            }
        }
        return m;
    }

    private Map<String, OnnxTensor> feeds(OrtSession session, Map<String, OnnxTensor> batch,
                                          Map<String, OnnxTensor> masks) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        for (String name : session.getInputNames()) {
            OnnxTensor t = batch.get(name);
            if (t == null) {
                t = masks.get(name);
            }
            if (t == null && params.contains(name)) {
                t = params.tensor(name);
            }
            if (t == null) {
                throw new VlbertException("the batch has no input '" + name + "' required by the " + task.task()
                        + " graph (inputs: " + batch.keySet() + ")");
            }
            feeds.put(name, t);
        }
        return feeds;
    }

    private Map<String, OnnxTensor> drawMasks(Map<String, HostTensor> batch, Map<String, OnnxTensor> batchTensors,
                                              long seed, long step) throws OrtException {
        if (task.dropoutSites().isEmpty()) {
            return Map.of();
        }
        DimResolver dimsOf = new DimResolver();
        for (CompiledTask.BatchInput in : task.batchInputs()) {
            HostTensor t = batch.get(in.name());
            if (t != null) {
                dimsOf.bindShape(in.name(), in.shape(), t.shape());
            }
        }
        if (dims != null) {
            Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
            for (String name : dims.getInputNames()) {
                OnnxTensor t = batchTensors.get(name);
                if (t == null) {
                    throw new VlbertException("the batch has no input '" + name + "'");
                }
                feeds.put(name, t);
            }
            try (OrtSession.Result r = dims.run(feeds)) {
                for (Map.Entry<String, OnnxValue> e : r) {
                    long[] v = ((OnnxTensor) e.getValue()).getLongBuffer().array();
                    dimsOf.bind(CompiledTask.dimSymbol(e.getKey()), v[0]);
                }
            }
        }
        Map<String, OnnxTensor> stepMasks = new LinkedHashMap<>();
        for (Dropout.Site site : task.dropoutSites()) {
            MaskTensor m = maskTensor(site.inputName(), dimsOf.resolve(site.shape()));
            DropoutMasks.fill(m.buffer(), HostTensor.numel(m.shape()), site.p(), seed, step, site.inputName());
            stepMasks.put(site.inputName(), m.tensor());
        }
        return stepMasks;
    }

    /** The site's mask tensor of {@code shape}: the last one if its shape is the same, else a new one. */
    private MaskTensor maskTensor(String site, long[] shape) throws OrtException {
        MaskTensor m = masks.get(site);
        if (m != null && Arrays.equals(m.shape(), shape)) {
            return m;
        }
        long n = HostTensor.numel(shape);
        ByteBuffer buf;
        if (m != null && m.buffer().capacity() >= n) {
            buf = m.buffer();
        } else {
            buf = HostTensor.allocateDirect(Math.max(n, 1));
        }
        if (m != null) {
            m.tensor().close();
        }
        ByteBuffer view = buf.duplicate().clear().limit((int) n).slice();
        MaskTensor fresh = new MaskTensor(buf, shape, OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), view,
                shape, OnnxJavaType.BOOL));
        masks.put(site, fresh);
        return fresh;
    }

    @Override
    public void close() {
        try {
            train.close();
            eval.close();
            if (dims != null) {
                dims.close();
            }
            masks.values().forEach(m -> m.tensor().close());
            masks.clear();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
