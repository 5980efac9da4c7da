package org.vlbert.train.optim;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Shared bookkeeping of the optimizers: which parameters take part, their per-parameter update
 * counters and state buffers (allocated once, at construction), state export/import, and the
 * scratch arrays of the chunked update loops. Not thread-safe: one step at a time.
 */
abstract class AbstractOptimizer implements Optimizer {
    private final String name;
    private final List<ParamGroup> groups;
    private final List<String> stateKinds;
    /** Parameters with a gradient, in group order. */
    private final List<Param> active = new ArrayList<>();
    private final List<ParamGroup> activeGroup = new ArrayList<>();
    /** state[k][i]: state tensor of kind k for active parameter i. */
    private final FloatBuffer[][] state;
    private final long[] steps;

    /** Per-worker scratch chunks for parameter, gradient and two state tensors. */
    protected record Scratch(float[] p, float[] g, float[] a, float[] b) {
        static Scratch create() {
            return new Scratch(FloatBuffers.scratch(), FloatBuffers.scratch(), FloatBuffers.scratch(),
                    FloatBuffers.scratch());
        }
    }

    /** One parameter slice of a work item; {@code index} is the parameter's place in {@code active}. */
    private record Piece(int index, ParamGroup group, Param param, FloatBuffer[] state) {}

    /** Elements per parallel work item: big enough to amortise dispatch, small enough to balance. */
    private static final int SLICE = 1 << 20;
    private final Scratch scratch = Scratch.create();
    private final UpdateWorkers workers = UpdateWorkers.shared();
    private final List<Runnable> work;

    AbstractOptimizer(String name, List<ParamGroup> groups, List<String> stateKinds, StateAllocator allocator) {
        this.name = name;
        this.groups = List.copyOf(groups);
        this.stateKinds = List.copyOf(stateKinds);
        Set<String> seen = new HashSet<>();
        long total = 0;
        for (ParamGroup g : this.groups) {
            for (Param p : g.params()) {
                if (!seen.add(p.name())) {
                    throw new OptimizerException("parameter '" + p.name()
                            + "' appears more than once in the optimizer's parameter groups");
                }
                if (p.hasGrad()) {
                    active.add(p);
                    activeGroup.add(g);
                    total += p.size();
                }
            }
        }
        StateAllocator alloc = allocator != null ? allocator : StateAllocator.arena(total * stateKinds.size());
        state = new FloatBuffer[stateKinds.size()][active.size()];
        for (int k = 0; k < stateKinds.size(); k++) {
            for (int i = 0; i < active.size(); i++) {
                Param p = active.get(i);
                String key = OptimizerState.key(stateKinds.get(k), p.name());
                FloatBuffer b = FloatBuffers.requireDirectNative(alloc.allocate(key, p.size()), "state buffer " + key).slice();
                if (b.limit() != p.size()) {
                    throw new IllegalStateException("allocator returned " + b.limit() + " elements for " + key
                            + ", expected " + p.size());
                }
                state[k][i] = b;
            }
        }
        steps = new long[active.size()];
        work = cutWork();
    }

    /**
     * Applies one update to one parameter.
     *
     * @param group the parameter's group (current lr and weight decay)
     * @param p the parameter
     * @param st its state buffers, indexed like the {@code stateKinds} given to the constructor
     * @param t the parameter's update counter after incrementing (1 on its first update)
     */
    protected abstract void update(ParamGroup group, Param p, FloatBuffer[] st, long t, Scratch scratch);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final List<ParamGroup> groups() {
        return groups;
    }

    @Override
    public final void step() {
        for (int i = 0; i < steps.length; i++) {
            steps[i]++;
        }
        workers.runAll(work);
    }

    /**
     * The update work, cut once: every element's update is independent, so parameters are cut
     * into slices of at most {@link #SLICE} elements and consecutive slices are packed into work
     * items of about that size, which the workers run in parallel (the ORT thread pool is idle
     * during the optimizer step). Small parameters share an item instead of paying one task
     * dispatch each; a model smaller than one item is updated on the calling thread.
     */
    private List<Runnable> cutWork() {
        List<Runnable> items = new ArrayList<>();
        List<Piece> open = new ArrayList<>();
        long openSize = 0;
        for (int i = 0; i < active.size(); i++) {
            Param p = active.get(i);
            int n = p.size();
            for (int off = 0; off < n; off += SLICE) {
                int len = Math.min(SLICE, n - off);
                FloatBuffer[] st = new FloatBuffer[stateKinds.size()];
                for (int k = 0; k < st.length; k++) {
                    st[k] = state[k][i].slice(off, len);
                }
                Param slice = len == n ? p : new Param(p.name(), p.value().slice(off, len), p.grad().slice(off, len));
                open.add(new Piece(i, activeGroup.get(i), slice, st));
                openSize += len;
                if (openSize >= SLICE) {
                    items.add(item(open));
                    open = new ArrayList<>();
                    openSize = 0;
                }
            }
        }
        if (!open.isEmpty()) {
            items.add(item(open));
        }
        return List.copyOf(items);
    }

    private Runnable item(List<Piece> pieces) {
        Piece[] run = pieces.toArray(new Piece[0]);
        return () -> {
            Scratch s = workers.scratch();
            for (Piece pc : run) {
                update(pc.group(), pc.param(), pc.state(), steps[pc.index()], s);
            }
        };
    }

    @Override
    public final OptimizerState exportState() {
        Map<String, FloatBuffer> tensors = new LinkedHashMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < active.size(); i++) {
            if (steps[i] == 0) {
                continue; // like PyTorch: no state before a parameter's first update
            }
            String pn = active.get(i).name();
            counters.put(pn, steps[i]);
            for (int k = 0; k < stateKinds.size(); k++) {
                tensors.put(OptimizerState.key(stateKinds.get(k), pn), state[k][i].asReadOnlyBuffer());
            }
        }
        return new OptimizerState(name, tensors, counters);
    }

    @Override
    public final void importState(OptimizerState in) {
        if (!name.equals(in.optimizer())) {
            throw new OptimizerException("optimizer state was written by " + in.optimizer() + " but TRAIN.OPTIMIZER is "
                    + name + "; resume with the same optimizer or start without the optimizer state");
        }
        Set<String> expectedTensors = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < active.size(); i++) {
            String pn = active.get(i).name();
            names.add(pn);
            if (in.steps().containsKey(pn)) {
                for (String kind : stateKinds) {
                    expectedTensors.add(OptimizerState.key(kind, pn));
                }
            }
        }
        Set<String> unknown = new TreeSet<>();
        for (String pn : in.steps().keySet()) {
            if (!names.contains(pn)) {
                unknown.add(pn);
            }
        }
        for (String key : in.tensors().keySet()) {
            if (expectedTensors.contains(key) || unknown.contains(paramOf(key))) {
                continue;
            }
            if (names.contains(paramOf(key))) {
                throw new OptimizerException("optimizer state has tensor '" + key + "' but no step counter for parameter '"
                        + paramOf(key) + "'");
            }
            unknown.add(key);
        }
        if (!unknown.isEmpty()) {
            throw new OptimizerException("optimizer state has entries for parameters this model does not train: "
                    + abbreviate(unknown) + "; the checkpoint belongs to a different model or parameter set");
        }
        // Validate everything before touching the live state, so a bad state leaves it intact.
        for (int i = 0; i < active.size(); i++) {
            Param p = active.get(i);
            Long s = in.steps().get(p.name());
            if (s == null) {
                continue;
            }
            if (s < 1) {
                throw new OptimizerException("optimizer state has step " + s + " for parameter '" + p.name()
                        + "'; a stored step must be at least 1");
            }
            for (String kind : stateKinds) {
                String key = OptimizerState.key(kind, p.name());
                FloatBuffer src = in.tensors().get(key);
                if (src == null) {
                    throw new OptimizerException("optimizer state lacks tensor '" + key + "'");
                }
                if (src.remaining() != p.size()) {
                    throw new OptimizerException("optimizer state tensor '" + key + "' has " + src.remaining()
                            + " elements but parameter '" + p.name() + "' has " + p.size());
                }
            }
        }
        for (int i = 0; i < active.size(); i++) {
            Param p = active.get(i);
            Long s = in.steps().get(p.name());
            steps[i] = s == null ? 0 : s;
            for (int k = 0; k < stateKinds.size(); k++) {
                FloatBuffer dst = state[k][i];
                if (s == null) {
                    fill(dst, 0f);
                } else {
                    FloatBuffer src = in.tensors().get(OptimizerState.key(stateKinds.get(k), p.name()));
                    dst.put(0, src, src.position(), p.size());
                }
            }
        }
    }

    private String paramOf(String key) {
        for (String kind : stateKinds) {
            if (key.startsWith(kind + ".")) {
                return key.substring(kind.length() + 1);
            }
        }
        return key;
    }

    private static String abbreviate(Set<String> keys) {
        List<String> list = new ArrayList<>(keys);
        String shown = String.join(", ", list.subList(0, Math.min(5, list.size())));
        return list.size() > 5 ? shown + " … (" + list.size() + " in all)" : shown;
    }

    private void fill(FloatBuffer b, float v) {
        Arrays.fill(scratch.a(), v);
        int n = b.limit();
        for (int off = 0; off < n; off += FloatBuffers.CHUNK) {
            b.put(off, scratch.a(), 0, Math.min(FloatBuffers.CHUNK, n - off));
        }
    }
}
