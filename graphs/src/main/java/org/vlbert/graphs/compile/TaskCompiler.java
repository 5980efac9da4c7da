package org.vlbert.graphs.compile;

import ai.onnx.proto.OnnxMl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.autodiff.Autodiff;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.TaskGraph;
import org.vlbert.graphs.onnx.OnnxEmitter;
import org.vlbert.graphs.tensor.DType;

/** Records a {@link TaskGraph} in its training and evaluation forms and emits the ONNX models. */
public final class TaskCompiler {
    private boolean dropout = true;
    private boolean mixedPrecision;

    /**
     * Builds the training step without any dropout (every site is the identity), e.g. to reproduce
     * the reference's parity runs where all Dropout modules had p = 0.
     */
    public TaskCompiler withoutDropout() {
        this.dropout = false;
        return this;
    }

    /**
     * FP16 mixed precision: matrix products in float16 (float32 parameters, LayerNorm, softmax and
     * losses), and a scalar graph input {@value #LOSS_SCALE} that seeds the backward pass, so the
     * gradient outputs are multiplied by the loss scale (the engine unscales and checks overflow).
     */
    public TaskCompiler mixedPrecision() {
        this.mixedPrecision = true;
        return this;
    }

    /** The loss-scale input of mixed-precision training steps. */
    public static final String LOSS_SCALE = "loss_scale";

    public CompiledTask compile(TaskGraph model) {
        // Training step: forward with dropout masks, loss, gradients of every trainable param.
        GraphBuilder tb = newBuilder();
        Dropout masks = dropout ? Dropout.masks() : Dropout.none();
        TaskGraph.Result tr = model.build(tb, masks, true);
        if (tr.loss() == null) {
            throw new IllegalStateException("task " + model.task() + " built no loss for training");
        }
        List<Param> params = new ArrayList<>(tb.graph().params().values());
        List<Value> trainable = new ArrayList<>();
        for (Param p : params) {
            if (p.trainable()) {
                trainable.add(p.value());
            }
        }
        Value seed = mixedPrecision ? tb.input(LOSS_SCALE, DType.FLOAT, Shape.scalar()) : null;
        Autodiff.Result grads = new Autodiff(tb).gradients(tr.loss(), trainable, seed);
        List<String> trainOutputs = addResultOutputs(tb, tr);
        for (Map.Entry<Value, Value> g : grads.gradients().entrySet()) {
            String name = CompiledTask.gradName(g.getKey().name());
            tb.output(name, g.getValue());
            trainOutputs.add(name);
        }
        OnnxMl.ModelProto train = emitter(tb, "train_step", model.task()).emit(trainOutputs);

        // Dims: data-dependent sizes needed to shape dropout masks before a step.
        List<String> dimOutputs = new ArrayList<>();
        for (Map.Entry<String, Value> d : tb.dimSources().entrySet()) {
            String name = CompiledTask.dimOutput(d.getKey());
            tb.output(name, d.getValue());
            dimOutputs.add(name);
        }
        OnnxMl.ModelProto dims = emitter(tb, "dims", model.task()).emit(dimOutputs);

        // Evaluation: no dropout; loss and loss terms are computed when labels are fed.
        GraphBuilder eb = newBuilder();
        TaskGraph.Result er = model.build(eb, Dropout.none(), true);
        List<String> evalOutputs = addResultOutputs(eb, er);
        OnnxMl.ModelProto eval = emitter(eb, "eval", model.task()).emit(evalOutputs);

        // Which batch inputs exist only for training (labels): those absent from the inference form.
        GraphBuilder ib = new GraphBuilder();
        model.build(ib, Dropout.none(), false);
        Set<String> inferInputs = new LinkedHashSet<>();
        ib.graph().inputs().forEach(v -> inferInputs.add(v.name()));
        List<CompiledTask.BatchInput> batch = new ArrayList<>();
        for (Value in : eb.graph().inputs()) {
            batch.add(new CompiledTask.BatchInput(in.name(), in.dtype(), in.shape(), !inferInputs.contains(in.name())));
        }
        List<String> unused = grads.unused().stream().map(Value::name).toList();
        return new CompiledTask(model.task(), train, eval, dims, params, masks.sites(), batch,
                new ArrayList<>(tr.outputs().keySet()), new ArrayList<>(tr.lossTerms().keySet()), unused);
    }

    private GraphBuilder newBuilder() {
        GraphBuilder b = new GraphBuilder();
        if (mixedPrecision) {
            b.setMatmulComputeType(DType.FLOAT16);
        }
        return b;
    }

    /** Marks the loss, the loss terms and the task outputs as graph outputs; returns their names in that order. */
    private static List<String> addResultOutputs(GraphBuilder b, TaskGraph.Result r) {
        List<String> names = new ArrayList<>();
        b.output("loss", r.loss());
        names.add("loss");
        for (Map<String, Value> group : List.of(r.lossTerms(), r.outputs())) {
            group.forEach((name, v) -> {
                b.output(name, v);
                names.add(name);
            });
        }
        return names;
    }

    private static OnnxEmitter emitter(GraphBuilder b, String kind, String task) {
        return new OnnxEmitter(b.graph()).graphName(task + "_" + kind)
                .metadata("vlbert.kind", kind).metadata("vlbert.task", task);
    }
}
