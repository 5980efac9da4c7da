package org.vlbert.dist;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import org.vlbert.cli.VlbertException;

/**
 * The process's place in a distributed job, from the environment variables that
 * {@code torch.distributed.launch} (and {@code vlbert launch}) set: {@code MASTER_ADDR},
 * {@code MASTER_PORT}, {@code WORLD_SIZE}, {@code RANK}, {@code LOCAL_RANK} and
 * {@code LOCAL_WORLD_SIZE} (workers on this machine, to share the CPU cores; 1 when not set).
 */
public record DistEnv(String masterAddr, int masterPort, int worldSize, int rank, int localRank, int localWorldSize) {
    public static final String MASTER_ADDR = "MASTER_ADDR";
    public static final String MASTER_PORT = "MASTER_PORT";
    public static final String WORLD_SIZE = "WORLD_SIZE";
    public static final String RANK = "RANK";
    public static final String LOCAL_RANK = "LOCAL_RANK";
    public static final String LOCAL_WORLD_SIZE = "LOCAL_WORLD_SIZE";

    public DistEnv {
        if (worldSize < 1) {
            throw bad(WORLD_SIZE, Integer.toString(worldSize), "must be at least 1");
        }
        if (rank < 0 || rank >= worldSize) {
            throw bad(RANK, Integer.toString(rank), "must be in [0, WORLD_SIZE=" + worldSize + ")");
        }
        if (localRank < 0) {
            throw bad(LOCAL_RANK, Integer.toString(localRank), "must not be negative");
        }
        if (localWorldSize < 1) {
            throw bad(LOCAL_WORLD_SIZE, Integer.toString(localWorldSize), "must be at least 1");
        }
        if (worldSize > 1 && (masterAddr == null || masterAddr.isBlank())) {
            throw new VlbertException("environment variable " + MASTER_ADDR + " is not set: distributed training"
                    + " (WORLD_SIZE=" + worldSize + ") needs the address of the rank-0 machine; start workers with"
                    + " 'vlbert launch' or scripts/dist_run_*.sh");
        }
        if (worldSize > 1 && (masterPort < 1 || masterPort > 65535)) {
            throw bad(MASTER_PORT, Integer.toString(masterPort), "must be a TCP port in 1..65535");
        }
    }

    /** A single process (no distributed variables set, or WORLD_SIZE=1). */
    public static DistEnv single() {
        return new DistEnv("", 0, 1, 0, 0, 1);
    }

    public boolean distributed() {
        return worldSize > 1;
    }

    /** MASTER_ADDR as an IP address (the native side does not resolve host names). */
    public String masterHostAddress() {
        try {
            return InetAddress.getByName(masterAddr).getHostAddress();
        } catch (UnknownHostException e) {
            throw new VlbertException("environment variable " + MASTER_ADDR + "=" + masterAddr
                    + " is not a known host name or address");
        }
    }

    /** Reads the variables; empty when neither WORLD_SIZE nor RANK is set (a plain single-process run). */
    public static Optional<DistEnv> from(Map<String, String> env) {
        if (!env.containsKey(WORLD_SIZE) && !env.containsKey(RANK)) {
            return Optional.empty();
        }
        if (!env.containsKey(WORLD_SIZE) || !env.containsKey(RANK)) {
            throw new VlbertException("environment variables " + WORLD_SIZE + " and " + RANK + " must be set together"
                    + " (found only " + (env.containsKey(RANK) ? RANK : WORLD_SIZE) + "); unset both for a"
                    + " single-process run");
        }
        int world = integer(env, WORLD_SIZE, -1);
        int rank = integer(env, RANK, -1);
        int localRank = integer(env, LOCAL_RANK, 0);
        // Launchers that do not set it (the old torch.distributed.launch): each worker assumes it is
        // alone on its machine.
        int localWorld = integer(env, LOCAL_WORLD_SIZE, 1);
        if (env.containsKey(LOCAL_WORLD_SIZE) && localRank >= localWorld) {
            throw bad(LOCAL_RANK, Integer.toString(localRank), "must be in [0, LOCAL_WORLD_SIZE=" + localWorld + ")");
        }
        int port = world > 1 ? integer(env, MASTER_PORT, -1) : 0;
        return Optional.of(new DistEnv(env.getOrDefault(MASTER_ADDR, ""), port, world, rank, localRank, localWorld));
    }

    private static int integer(Map<String, String> env, String name, int fallback) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            if (fallback >= 0) {
                return fallback;
            }
            throw new VlbertException("environment variable " + name + " is not set (needed for distributed training)");
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw bad(name, v, "is not an integer");
        }
    }

    private static VlbertException bad(String name, String value, String why) {
        return new VlbertException("environment variable " + name + "=" + value + " " + why);
    }
}
