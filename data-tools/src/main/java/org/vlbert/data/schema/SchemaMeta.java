package org.vlbert.data.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Schema-level metadata keys. Every file carries {@code vlbert.schema} (its {@link FileKind}) and
 * {@code vlbert.schema_version}; kinds add their own {@code vlbert.*} keys.
 */
public final class SchemaMeta {
    public static final String SCHEMA = "vlbert.schema";
    public static final String VERSION = "vlbert.schema_version";
    /** Name and sha256 of the vocab.txt used to compute token ids ({@code "vocab.txt sha256:..."}). */
    public static final String VOCAB = "vlbert.vocab";
    /** The tool that wrote the file, e.g. {@code "vlbert data convert-vqa"}. */
    public static final String WRITER = "vlbert.writer";

    private SchemaMeta() {}

    /** Adds {@link #VOCAB} (when known) and then {@link #WRITER} to {@code meta}; returns it. */
    public static Map<String, String> withProvenance(Map<String, String> meta, String vocab, String writer) {
        if (vocab != null) {
            meta.put(VOCAB, vocab);
        }
        meta.put(WRITER, writer);
        return meta;
    }

    /** A schema with the kind/version keys plus {@code extra} (in insertion order). */
    public static Schema schema(FileKind kind, List<Field> fields, Map<String, String> extra) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(SCHEMA, kind.schemaName());
        meta.put(VERSION, Integer.toString(kind.version()));
        meta.putAll(extra);
        return new Schema(fields, meta);
    }
}
