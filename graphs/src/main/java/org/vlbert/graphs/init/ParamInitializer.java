package org.vlbert.graphs.init;

import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.vlbert.graphs.ir.Param;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.tensor.DType;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * Creates initial parameter values from their {@link ParamInit}. Each parameter draws from its own
 * {@link java.util.Random} (whose algorithm the JDK specifies) seeded from (run seed, parameter
 * name), so a value does not depend on the order or the set of parameters created alongside it.
 */
public final class ParamInitializer {
    private final long seed;

    public ParamInitializer(long seed) {
        this.seed = seed;
    }

    public Map<String, HostTensor> initializeAll(Collection<Param> params) {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        for (Param p : params) {
            out.put(p.name(), initialize(p));
        }
        return out;
    }

    public HostTensor initialize(Param p) {
        return initialize(p.name(), p.shape(), p.init());
    }

    public HostTensor initialize(String name, long[] shape, ParamInit init) {
        HostTensor t = HostTensor.allocate(DType.FLOAT, shape);
        FloatBuffer out = t.floatView();
        Random rnd = new Random(seedFor(seed, name));
        switch (init.kind()) {
            case CONSTANT -> fill(out, (float) init.a());
            case NORMAL -> {
                for (int i = 0; i < out.capacity(); i++) {
                    out.put(i, (float) (init.a() + init.b() * rnd.nextGaussian()));
                }
            }
            case UNIFORM -> uniform(out, rnd, init.a(), init.b());
            case XAVIER_UNIFORM -> {
                Fans f = fans(name, shape, init);
                double bound = init.a() * Math.sqrt(6.0 / (f.in() + f.out()));
                uniform(out, rnd, -bound, bound);
            }
            case TORCH_LINEAR_WEIGHT -> {
                double bound = 1.0 / Math.sqrt(fans(name, shape, init).in());
                uniform(out, rnd, -bound, bound);
            }
            case TORCH_LINEAR_BIAS -> {
                if (init.a() <= 0) {
                    throw new IllegalArgumentException("parameter " + name + ": TORCH_LINEAR_BIAS needs the layer's"
                            + " fan_in > 0 as its argument, got " + init.a());
                }
                double bound = 1.0 / Math.sqrt(init.a());
                uniform(out, rnd, -bound, bound);
            }
        }
        return t;
    }

    /** The per-parameter seed: a 64-bit FNV-1a hash of the name's UTF-8 bytes mixed with the run seed. */
    static long seedFor(long seed, String name) {
        long h = 0xcbf29ce484222325L;
        for (byte x : name.getBytes(StandardCharsets.UTF_8)) {
            h ^= x & 0xff;
            h *= 0x100000001b3L;
        }
        return mix(h ^ mix(seed));
    }

    /** The SplitMix64 finaliser, so that nearby seeds give unrelated streams. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static void fill(FloatBuffer out, float v) {
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, v);
        }
    }

    private static void uniform(FloatBuffer out, Random rnd, double lo, double hi) {
        double width = hi - lo;
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, (float) (lo + width * rnd.nextDouble()));
        }
    }

    private record Fans(double in, double out) {}

    /** PyTorch's fan computation: dim 1 (times the receptive field) in, dim 0 out. */
    private static Fans fans(String name, long[] shape, ParamInit init) {
        if (shape.length < 2) {
            throw new IllegalArgumentException("parameter " + name + ": " + init.kind() + " needs a weight of rank"
                    + " >= 2, got shape " + Arrays.toString(shape));
        }
        long receptive = 1;
        for (int i = 2; i < shape.length; i++) {
            receptive *= shape[i];
        }
        return new Fans((double) shape[1] * receptive, (double) shape[0] * receptive);
    }
}
