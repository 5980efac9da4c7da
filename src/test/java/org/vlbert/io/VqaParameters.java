package org.vlbert.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.vlbert.testutil.SharedFixtures;

/** Parameter names and shapes of the fixture models, as listed by the fixture manifests. */
final class VqaParameters {
    private VqaParameters() {}

    static List<String> names() {
        return new ArrayList<>(shapes().keySet());
    }

    static Map<String, long[]> shapes() {
        return shapes("vqa");
    }

    /** state_dict names and shapes of {@code <task>/manifest.json}, in state-dict order. */
    static Map<String, long[]> shapes(String task) {
        try {
            JsonNode m = new ObjectMapper().readTree(SharedFixtures.reference(task + "/manifest.json").toFile());
            Map<String, long[]> out = new LinkedHashMap<>();
            for (JsonNode p : m.get("state_dict")) {
                JsonNode s = p.get("shape");
                long[] shape = new long[s.size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = s.get(i).asLong();
                }
                out.put(p.get("name").asText(), shape);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
