package org.vlbert.data.pretrain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.data.load.BatchContext;
import org.vlbert.data.load.BatchTensor;
import org.vlbert.data.load.Collator;
import org.vlbert.data.load.ElementType;
import org.vlbert.data.text.WordPieces;

/**
 * The text-only half of a multitask pretraining batch (the reference's {@code GeneralCorpus} and
 * collate, pretraining.md §2.3): whole-word masking over a segment's words, then the first
 * {@code seqLen} pieces and labels — no [CLS] or [SEP]. {@code aux_text} [B, L] is 0-padded,
 * {@code aux_mlm_labels} [B, L] -1-padded.
 */
public final class CorpusCollator implements Collator<WordPieces> {
    public static final String AUX_TEXT = "aux_text";
    public static final String AUX_MLM_LABELS = "aux_mlm_labels";

    private final int seqLen;
    private final WholeWordMasking masking;
    private final boolean withMlm;
    private final RandomDraws.PerRow draws;

    /**
     * @param seqLen  DATASET.SEQ_LEN of the corpus dataset
     * @param withMlm NETWORK.WITH_MLM_LOSS (off: pieces unchanged, all labels -1)
     */
    public CorpusCollator(int seqLen, WholeWordMasking masking, boolean withMlm) {
        this(seqLen, masking, withMlm, RandomDraws.PerRow.LOADER);
    }

    /** @param draws the random draws of each batch row (the loader's streams, or scripted ones in tests) */
    public CorpusCollator(int seqLen, WholeWordMasking masking, boolean withMlm, RandomDraws.PerRow draws) {
        this.seqLen = seqLen;
        this.masking = masking;
        this.withMlm = withMlm;
        this.draws = draws;
    }

    @Override
    public Map<String, BatchTensor> collate(List<WordPieces> rows, BatchContext ctx) {
        List<MaskedText> texts = new ArrayList<>(rows.size());
        int l = 1;
        for (int i = 0; i < rows.size(); i++) {
            MaskedText t = withMlm ? masking.apply(rows.get(i), draws.of(ctx, i)) : WholeWordMasking.none(rows.get(i));
            texts.add(t);
            l = Math.max(l, Math.min(seqLen, t.length()));
        }
        BatchTensor text = ctx.allocate(ElementType.INT64, rows.size(), l);
        BatchTensor labels = ctx.allocate(ElementType.INT64, rows.size(), l);
        ByteBuffer textData = text.data(); // a new view per data() call: take it once
        ByteBuffer labelData = labels.data();
        for (int i = 0; i < texts.size(); i++) {
            MaskedText t = texts.get(i);
            int keep = Math.min(seqLen, t.length());
            for (int k = 0; k < l; k++) {
                textData.putLong((i * l + k) * 8, k < keep ? t.ids()[k] : 0);
                labelData.putLong((i * l + k) * 8, k < keep ? t.labels()[k] : -1);
            }
        }
        Map<String, BatchTensor> out = new LinkedHashMap<>();
        out.put(AUX_TEXT, text);
        out.put(AUX_MLM_LABELS, labels);
        return out;
    }
}
