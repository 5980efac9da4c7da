package org.vlbert.data.text;

/** One caption (with its image id) or corpus line (image id null). */
public record TextRow(String imageId, String text, WordPieces pieces) {}
