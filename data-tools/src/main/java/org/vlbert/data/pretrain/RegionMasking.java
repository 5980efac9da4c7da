package org.vlbert.data.pretrain;


/**
 * The reference's {@code random_mask_region} (pretraining.md §3.2): one draw p per detected
 * region; with p < 0.15 the region is predicted (its label is its detector class-score row) and,
 * when p/0.15 < 0.9, masked (op 1); otherwise op 0 and a zero label.
 */
public final class RegionMasking {
    public static final double SELECT = 0.15;
    public static final double MASKED = 0.9;

    private RegionMasking() {}

    /** @return per region: 0 = not selected, 1 = selected and masked, 2 = selected and kept (op 0) */
    public static int[] draw(int regions, RandomDraws r) {
        int[] out = new int[regions];
        for (int k = 0; k < regions; k++) {
            double p = r.nextDouble();
            out[k] = p < SELECT ? (p / SELECT < MASKED ? 1 : 2) : 0;
        }
        return out;
    }
}
