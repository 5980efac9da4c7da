package org.vlbert.data.schema;

/** The kinds of Arrow files this toolchain writes; the name is stored as {@code vlbert.schema}. */
public enum FileKind {
    REGIONS("regions", 1),
    VQA("vqa", 1),
    VCR("vcr", 1),
    REFCOCO("refcoco", 1),
    CAPTIONS("captions", 1),
    CORPUS("corpus", 1);

    private final String schemaName;
    private final int version;

    FileKind(String schemaName, int version) {
        this.schemaName = schemaName;
        this.version = version;
    }

    /** The value of {@code vlbert.schema}. */
    public String schemaName() {
        return schemaName;
    }

    /** The newest {@code vlbert.schema_version} this build writes and reads. */
    public int version() {
        return version;
    }

    public static FileKind fromSchemaName(String name) {
        for (FileKind k : values()) {
            if (k.schemaName.equals(name)) {
                return k;
            }
        }
        return null;
    }
}
