package org.vlbert.graphs.model.vlbert;

import org.vlbert.graphs.GraphBuilder;
import org.vlbert.graphs.ir.Dim;
import org.vlbert.graphs.ir.ParamInit;
import org.vlbert.graphs.ir.Shape;
import org.vlbert.graphs.ir.Value;
import org.vlbert.graphs.model.Dropout;
import org.vlbert.graphs.model.Modules;
import org.vlbert.graphs.tensor.DType;

/**
 * The VL-BERT core ({@code VisualLinguisticBert}, model.md §3–§4) under the scope the caller opens
 * (usually {@code vlbert}): text and object embeddings, the per-sample "seamless concatenation"
 * of text, objects and [END] into one packed sequence, the BERT encoder and the optional pooler.
 *
 * <p>Packing is done in the graph with index arithmetic, so variable text/object counts inside a
 * padded batch behave exactly as the reference: real text tokens (compacted by the mask) first,
 * then the real objects, then [END], then zero padding.
 */
public final class VisualLinguisticBert {
    /** Dynamic dim names used by the packed sequence. */
    public static final String PACKED_LEN = "vl_len";

    private final VlBertDims d;

    public VisualLinguisticBert(VlBertDims dims) {
        this.d = dims;
    }

    /** Core inputs. {@code objectVisual} [B, No, Dv] and {@code objectLinguistic} [B, No, H]. */
    public record Inputs(Value textIds, Value textTypes, Value textVisual, Value textMask,
                         Value objectVisual, Value objectLinguistic, Value objectMask) {
        /** Adds these inputs as reference-comparable intermediates ({@code vlbert_in_*} of the fixture manifests). */
        public void addIntermediates(GraphBuilder b, java.util.Map<String, Value> out) {
            out.put("vlbert_in_text_input_ids", textIds);
            out.put("vlbert_in_text_token_type_ids", textTypes);
            out.put("vlbert_in_text_visual_embeddings", textVisual);
            out.put("vlbert_in_text_mask", textMask);
            out.put("vlbert_in_object_vl_embeddings", b.concat(2, objectVisual, objectLinguistic));
            out.put("vlbert_in_object_mask", objectMask);
        }
    }

    /** Outputs: packed sequence (last layer), every layer, pooled (or null), packing maps. */
    public record Outputs(Value sequence, Value[] layers, Value pooled, Value embeddings, Value attentionMask,
                          Value textLen, Value objectLen) {
        /** Adds the reference-comparable encoder intermediates (names of the fixture manifests). */
        public void addIntermediates(GraphBuilder b, java.util.Map<String, Value> out) {
            out.put("encoder_input", embeddings);
            out.put("encoder_attention_mask", attentionMask);
            Value[] stacked = new Value[layers.length];
            for (int i = 0; i < layers.length; i++) {
                stacked[i] = b.unsqueeze(layers[i], 0);
            }
            out.put("encoder_layer_outputs", stacked.length == 1 ? stacked[0] : b.concat(0, stacked));
            out.put("sequence_output", sequence);
        }
    }

    public Outputs forward(GraphBuilder b, Dropout dropout, Inputs in) {
        long hs = d.hiddenSize();
        double std = d.initializerRange();
        if (!d.visualLn()) {
            throw new UnsupportedOperationException("NETWORK.VLBERT.visual_ln=false (scalar visual scales) is not"
                    + " supported yet; every shipped config uses visual_ln=true");
        }
        if (d.visualSize() != hs) {
            throw new UnsupportedOperationException("NETWORK.VLBERT.visual_size != hidden_size (visual_1x1 projections)"
                    + " is not supported yet; every shipped config has them equal");
        }
        Value wordTable = Modules.embeddingTable(b, "word_embeddings", d.vocabSize(), hs, ParamInit.normal(std));
        Value endTable = Modules.embeddingTable(b, "end_embedding", 1, hs, ParamInit.normal(std));
        Value posTable = Modules.embeddingTable(b, "position_embeddings", d.maxPositionEmbeddings(), hs,
                ParamInit.normal(std));
        Value typeTable = Modules.embeddingTable(b, "token_type_embeddings", d.typeVocabSize(), hs,
                ParamInit.normal(std));
        // embedding_LayerNorm is created before the visual LNs (state-dict order).
        Value embLnW;
        Value embLnB;
        try (var s = b.scope("embedding_LayerNorm")) {
            embLnW = b.param("weight", ParamInit.ones(), hs);
            embLnB = b.param("bias", ParamInit.zeros(), hs);
        }
        Value textVisual = Modules.layerNorm(b, "visual_ln_text", in.textVisual(), hs, VlBertDims.LN_EPS,
                d.visualScaleTextInit());
        Value objectVisual = Modules.layerNorm(b, "visual_ln_object", in.objectVisual(), hs, VlBertDims.LN_EPS,
                d.visualScaleObjectInit());

        Value textVl = b.add(b.gather(wordTable, in.textIds(), 0), textVisual);     // [B, Lt, H]
        Value objectVl = b.add(in.objectLinguistic(), objectVisual);                // [B, No, H]

        Packing p = Packing.build(b, in.textMask(), in.objectMask());
        Shape rowShape = Shape.of(textVl.shape().get(0), Dim.of(1), Dim.of(hs));
        Value rowShapeTensor = b.concat(0, b.shapeOf(textVl, 0, 1), b.longs(1, hs));
        Value endRow = b.expand(b.unsqueeze(endTable, 0), rowShape, rowShapeTensor);
        Value zeroRow = b.constantOfShape(rowShapeTensor, rowShape, 0f);
        Value table = b.concat(1, textVl, objectVl, endRow, zeroRow);               // [B, Lt+No+2, H]
        Value packed = p.gatherRows(b, table);                                      // [B, L, H]

        Value typeIds = p.tokenTypes(b, in.textTypes());
        Value posIds = p.positionIds(b, d.positionPaddingIdx());
        Value e = b.add(b.add(packed, b.gather(posTable, posIds, 0)), b.gather(typeTable, typeIds, 0));
        e = b.layerNorm(e, embLnW, embLnB, VlBertDims.LN_EPS);
        e = dropout.apply(b, b.qualified("embedding_dropout"), e, d.hiddenDropoutProb());

        Value maskF = b.cast(p.attentionMask(), DType.FLOAT);                       // [B, L]
        Value additive = b.mul(b.sub(b.scalar(1f), maskF), -10000f);
        additive = b.unsqueeze(additive, 1, 2);                                     // [B, 1, 1, L]

        Value[] layers = BertEncoder.encode(b, d, dropout, e, additive);
        Value seq = layers[layers.length - 1];
        Value pooled = null;
        if (d.withPooler()) {
            try (var s = b.scope("pooler")) {
                Value first = b.squeeze(b.slice(seq, 1, 0, 1), 1);
                pooled = b.tanh(Modules.bertLinear(b, "dense", first, hs, hs, std));
            }
        }
        return new Outputs(seq, layers, pooled, e, p.attentionMask(), p.textLen(), p.objectLen());
    }

    /**
     * Text part of a packed output: its first Lt rows ([B, Lt, H]), as the reference slices it
     * ({@code output_text_and_object_separately}).
     */
    public static Value textPart(GraphBuilder b, Value sequence, Value textIds) {
        Value lt = b.shapeOf(textIds, 1, 2);
        return b.sliceDynamic(sequence, 1, b.longs(0), lt, textIds.shape().get(1));
    }

    /**
     * Object part of a packed output scattered back to the original object slots, zeros for
     * padded objects: obj[b, j] = seq[b, T_b + rank_j] if object j is real.
     */
    public static Value objectPart(GraphBuilder b, Value sequence, Value objectMask, Value textLen) {
        Value maskI = b.cast(objectMask, DType.INT64);
        Value rank = b.sub(b.cumsum(maskI, 1), b.longScalar(1));                   // [B, No]
        Value idx = b.max(b.add(rank, b.unsqueeze(textLen, 1)), b.longScalar(0));
        Value rows = gatherAlong1(b, sequence, idx);
        return b.mul(rows, b.unsqueeze(b.cast(objectMask, sequence.dtype()), 2));
    }

    /**
     * The whole-image region feature {@code objReps[:, 0]} for every text token: [B, Lt, Dv] for
     * {@code objReps} [B, No, Dv] and {@code textIds} [B, Lt].
     */
    static Value wholeImageForEachToken(GraphBuilder b, Value objReps, Value textIds) {
        long dv = objReps.shape().get(2).size();
        Value wholeImage = b.slice(objReps, 1, 0, 1);                                   // [B, 1, Dv]
        Shape known = Shape.of(textIds.shape().get(0), textIds.shape().get(1), Dim.of(dv));
        return b.expand(wholeImage, known, b.concat(0, b.shapeOf(textIds), b.longs(dv)));
    }

    /** The single row of {@code table} [1, H] for every object of {@code objReps} [B, No, Dv]: [B, No, H]. */
    static Value sameRowForEachObject(GraphBuilder b, Value table, Value objReps) {
        long h = table.shape().get(1).size();
        return b.expand(b.unsqueeze(table, 0), objReps.shape().with(-1, Dim.of(h)),
                b.concat(0, b.shapeOf(objReps, 0, 2), b.longs(h)));
    }

    /** out[b, i, :] = x[b, idx[b, i], :] via GatherElements (differentiable w.r.t. x). */
    static Value gatherAlong1(GraphBuilder b, Value x, Value idx) {
        Dim h = x.shape().get(2);
        Shape known = Shape.of(idx.shape().get(0), idx.shape().get(1), h);
        Value shape = b.concat(0, b.shapeOf(idx), b.shapeOf(x, 2, 3));
        Value full = b.expand(b.unsqueeze(idx, 2), known, shape);
        return b.gatherElements(x, full, 1);
    }
}
