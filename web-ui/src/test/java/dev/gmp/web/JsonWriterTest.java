package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nestedObjectsAndArraysGetCommasOnlyBetweenValues() {
        String json = new JsonWriter(16).beginObject()
                .field("a", 1)
                .name("b").beginArray().value(1).value("x").beginObject().endObject().beginArray().endArray().endArray()
                .name("c").beginObject().field("d", "e").name("f").value(false).endObject()
                .endObject().toString();
        assertEquals("{\"a\":1,\"b\":[1,\"x\",{},[]],\"c\":{\"d\":\"e\",\"f\":false}}", json);
    }

    @Test
    void stringsWithQuotesBackslashesAndControlCharactersRoundTripThroughARealParser() throws Exception {
        String nasty = "say \"hi\" \\ path C:\\x\n\ttab \r \u0000 \u001f \u2028 ünï ☃";
        String json = new JsonWriter(16).beginObject().field("s", nasty).endObject().toString();
        JsonNode parsed = JSON.readTree(json);
        assertEquals(nasty, parsed.get("s").asText());
    }

    @Test
    void longValuesAtTheExtremesRoundTrip() throws Exception {
        String json = new JsonWriter(16).beginArray().value(Long.MIN_VALUE).value(Long.MAX_VALUE).value(-1).endArray().toString();
        JsonNode parsed = JSON.readTree(json);
        assertEquals(Long.MIN_VALUE, parsed.get(0).asLong());
        assertEquals(Long.MAX_VALUE, parsed.get(1).asLong());
    }
}
