package org.vlbert.train;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.dist.Collective;
import org.vlbert.runtime.TensorSlab;
import org.vlbert.train.optim.Optimizer;
import org.vlbert.train.optim.OptimizerState;

/**
 * Copies rank 0's starting point to every rank, bit for bit: the trainer state, all parameters
 * and, after a resume, the optimizer state. The reference broadcast only the model after a
 * distributed resume, so ranks other than 0 restarted AdamW from empty moments and drifted
 * (training.md §8.3 QUIRK); here every rank resumes exactly. Only rank 0 reads checkpoints, so
 * the other machines need no shared file system.
 */
final class StartState {
    /** The state every rank starts from; {@code source} is the checkpoint rank 0 resumed from, or null. */
    record Shared(TrainState state, String source) {}

    private StartState() {}

    /**
     * Called by every rank; rank 0 passes the state it starts from (its params and optimizer are
     * already loaded), the others' arguments {@code rootState} and {@code rootSource} are ignored.
     */
    static Shared share(Collective c, TrainState rootState, String rootSource, TensorSlab params, Optimizer optimizer) {
        boolean root = c.isRoot();
        OptimizerState exported = root && rootSource != null ? optimizer.exportState() : null;
        byte[] header = root ? encode(rootState, rootSource, exported) : null;
        ByteBuffer len = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
        if (root) {
            len.putLong(0, header.length);
        }
        c.broadcast(len, 8, 0);
        ByteBuffer h = ByteBuffer.allocateDirect((int) len.getLong(0));
        if (root) {
            h.put(header).clear();
        }
        c.broadcast(h, h.capacity(), 0);
        byte[] bytes = new byte[h.capacity()];
        h.get(bytes);
        Header decoded = decode(bytes);

        for (int i = 0; i < params.chunkCount(); i++) {
            ByteBuffer chunk = params.chunkBytes(i);
            c.broadcast(chunk, chunk.capacity(), 0);
        }
        if (decoded.source() != null) {
            Map<String, FloatBuffer> tensors = shareTensors(c, decoded.tensorSizes(), exported);
            if (!root) {
                optimizer.importState(new OptimizerState(decoded.optimizer(), tensors, decoded.steps()));
            }
        }
        return new Shared(decoded.state(), decoded.source());
    }

    /** Broadcasts the optimizer tensors one at a time through a staging buffer sized for the largest. */
    private static Map<String, FloatBuffer> shareTensors(Collective c, Map<String, Integer> sizes,
                                                         OptimizerState exported) {
        int max = sizes.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        ByteBuffer staging = ByteBuffer.allocateDirect(4 * Math.max(1, max)).order(ByteOrder.nativeOrder());
        Map<String, FloatBuffer> out = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            int n = e.getValue();
            FloatBuffer stage = staging.clear().asFloatBuffer();
            if (exported != null) {
                stage.put(exported.tensors().get(e.getKey()).duplicate().clear());
            }
            c.broadcast(staging.clear(), 4L * n, 0);
            if (exported == null) {
                FloatBuffer copy = FloatBuffer.allocate(n);
                copy.put(staging.clear().asFloatBuffer().limit(n)).flip();
                out.put(e.getKey(), copy);
            }
        }
        return out;
    }

    private record Header(TrainState state, String source, String optimizer, Map<String, Long> steps,
                          Map<String, Integer> tensorSizes) {}

    private static byte[] encode(TrainState s, String source, OptimizerState opt) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(s.epoch());
            out.writeInt(s.nextBatch());
            out.writeLong(s.globalStep());
            out.writeLong(s.updates());
            out.writeInt(s.bestEpoch());
            out.writeDouble(s.bestValue());
            out.writeLong(s.seed());
            out.writeDouble(s.lossScale());
            out.writeInt(s.lossScaleUnskipped());
            out.writeInt(s.scheduler().size());
            for (Map.Entry<String, Double> e : s.scheduler().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeDouble(e.getValue());
            }
            out.writeBoolean(source != null);
            if (source != null) {
                out.writeUTF(source);
                out.writeUTF(opt.optimizer());
                out.writeInt(opt.steps().size());
                for (Map.Entry<String, Long> e : opt.steps().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeLong(e.getValue());
                }
                out.writeInt(opt.tensors().size());
                for (Map.Entry<String, FloatBuffer> e : opt.tensors().entrySet()) {
                    out.writeUTF(e.getKey());
                    out.writeInt(e.getValue().duplicate().clear().remaining());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Header decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int epoch = in.readInt();
            int nextBatch = in.readInt();
            long globalStep = in.readLong();
            long updates = in.readLong();
            int bestEpoch = in.readInt();
            double bestValue = in.readDouble();
            long seed = in.readLong();
            double lossScale = in.readDouble();
            int lossScaleUnskipped = in.readInt();
            Map<String, Double> sched = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                sched.put(in.readUTF(), in.readDouble());
            }
            TrainState state = new TrainState(epoch, nextBatch, globalStep, updates, sched, bestEpoch, bestValue, seed,
                    lossScale, lossScaleUnskipped);
            if (!in.readBoolean()) {
                return new Header(state, null, null, Map.of(), Map.of());
            }
            String source = in.readUTF();
            String optimizer = in.readUTF();
            Map<String, Long> steps = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                steps.put(in.readUTF(), in.readLong());
            }
            Map<String, Integer> sizes = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                sizes.put(in.readUTF(), in.readInt());
            }
            return new Header(state, source, optimizer, steps, sizes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
