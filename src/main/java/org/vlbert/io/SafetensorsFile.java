package org.vlbert.io;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vlbert.graphs.tensor.HostTensor;

/**
 * The content of a .safetensors file: tensors in header order and the optional
 * {@code __metadata__} string map.
 *
 * <p>Tensors returned by {@link Safetensors#read} are read-only memory mappings of the file:
 * reading costs no copy, and writing through {@code buffer()} throws
 * {@link java.nio.ReadOnlyBufferException} (use {@code HostTensor.copy()} for a writable tensor).
 * A mapping lives until its tensor is garbage collected; there is nothing to close. Replacing the
 * file by rename while it is mapped is safe on POSIX systems (the old inode stays readable); on
 * Windows a mapped file cannot be deleted or replaced until its tensors are unreachable. Never
 * truncate or rewrite a mapped file in place: reading a mapped page past the new end crashes the JVM.
 */
public record SafetensorsFile(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) {
    public SafetensorsFile {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public HostTensor tensor(String name) {
        HostTensor t = tensors.get(name);
        if (t == null) {
            throw new TensorFileException(file, "has no tensor named '" + name + "'",
                    "It holds " + tensors.size() + " tensors");
        }
        return t;
    }
}
