package org.vlbert.graphs.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writesAndReadsBackEveryValueKind() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a \"quoted\"\\path\n\ttab\u0001");
        m.put("shape", List.of(8L, "batch*seq_len"));
        m.put("p", 0.1f);
        m.put("std", 0.02);
        m.put("ones", 1.0);
        m.put("flag", true);
        m.put("none", null);
        m.put("empty", List.of());
        String text = Json.write(List.of(m));
        assertEquals("[{\"name\":\"a \\\"quoted\\\"\\\\path\\n\\ttab\\u0001\",\"shape\":[8,\"batch*seq_len\"],"
                + "\"p\":0.1,\"std\":0.02,\"ones\":1,\"flag\":true,\"none\":null,\"empty\":[]}]", text);
        Map<String, Object> back = new LinkedHashMap<>(m);
        back.put("p", 0.1);     // numbers come back as Long or Double
        back.put("ones", 1L);
        assertEquals(List.of(back).toString(), Json.parse(text).toString());
        assertEquals(0.1f, ((Number) ((Map<?, ?>) ((List<?>) Json.parse(text)).get(0)).get("p")).floatValue());
    }

    @Test
    void parsesWhitespaceAndEscapes() {
        Object v = Json.parse(" { \"a\" : [ 1 , -2.5e1 , \"\\u00e9\\/\" ] , \"b\" : { } } ");
        assertEquals("{a=[1, -25.0, é/], b={}}", v.toString());
    }

    @Test
    void rejectsMalformedInputWithItsOffset() {
        for (String bad : Arrays.asList("[1,", "{\"a\" 1}", "[1] x", "\"open", "{a:1}", "[tru]")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid JSON at offset "), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> Json.write(Double.NaN));
    }
}
