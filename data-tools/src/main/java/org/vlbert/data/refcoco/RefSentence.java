package org.vlbert.data.refcoco;

import java.util.List;

/** One referring expression of a ref; {@code ids} are the WordPieces of {@code ' '.join(tokens)}. */
public record RefSentence(long sentId, String raw, String sent, List<String> tokens, int[] ids) {}
