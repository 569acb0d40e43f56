package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The test parser must be strict, or the metrics test proves nothing. */
class PrometheusTextParserTest {

    @Test
    void acceptsWellFormedTextWithLabelsEscapesSpecialValuesAndTimestamps() {
        String text = """
                # A comment that is neither HELP nor TYPE.
                # HELP requests_total Requests served.\\nSecond line of help with a \\\\ backslash.
                # TYPE requests_total counter
                requests_total{method="get",path="/a \\"b\\"\\\\c\\n"} 12 1700000000000
                requests_total{method="post",} 3e2

                # TYPE temperature gauge
                temperature -Inf
                temperature{room="x"} NaN
                # TYPE latency histogram
                latency_bucket{le="1.024E-6"} 1
                latency_bucket{le="0.5"} 3
                latency_bucket{le="+Inf"} 4
                latency_sum 1.5
                latency_count 4
                """;
        Map<String, PrometheusTextParser.Family> families = PrometheusTextParser.parse(text);
        assertEquals("counter", families.get("requests_total").type);
        assertEquals(300.0, families.get("requests_total").value(Map.of("method", "post")));
        assertEquals(12.0, families.get("requests_total").value(Map.of("method", "get", "path", "/a \"b\"\\c\n")));
        assertTrue(Double.isNaN(families.get("temperature").value(Map.of("room", "x"))));
        assertEquals(5, families.get("latency").samples.size());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad metric name             | 1abc 1\\n                                | bad metric name
            unquoted label value        | a{x=1} 1\\n                              | no quoted value
            bad label escape            | a{x="\\t"} 1\\n                          | bad escape
            reserved label name         | a{__x="1"} 1\\n                          | reserved
            duplicate label             | a{x="1",x="2"} 1\\n                      | duplicate label
            Java-only float syntax      | a 1.0f\\n                                | bad value
            Java-only infinity          | a Infinity\\n                            | bad value
            missing value               | a\\n                                     | no space before the value
            bad timestamp               | a 1 1.5\\n                               | bad timestamp
            trailing garbage            | a 1 2 3\\n                               | trailing text
            duplicate series            | a{x="1"} 1\\na{x="1"} 2\\n                | duplicate series
            TYPE after samples          | a 1\\n# TYPE a gauge\\n                    | before its samples
            second TYPE                 | # TYPE a gauge\\n# TYPE a counter\\na 1\\n  | must come once
            unknown TYPE                | # TYPE a meter\\na 1\\n                     | bad TYPE
            second HELP                 | # HELP a x\\n# HELP a y\\na 1\\n            | second HELP
            bad HELP escape             | # HELP a x\\\\ty\\na 1\\n                   | bad escape
            family not contiguous       | a 1\\nb 1\\na{x="1"} 2\\n                   | not contiguous
            unterminated last line      | a 1                                     | not terminated
            carriage return             | a 1\\r\\n                                | carriage return
            histogram bucket without le | # TYPE h histogram\\nh_bucket 1\\nh_count 1\\n  | without le
            histogram without +Inf      | # TYPE h histogram\\nh_bucket{le="1"} 1\\nh_count 1\\n | no le="+Inf"
            histogram not cumulative    | # TYPE h histogram\\nh_bucket{le="1"} 2\\nh_bucket{le="2"} 1\\nh_bucket{le="+Inf"} 2\\nh_count 2\\n | not cumulative
            histogram count not +Inf    | # TYPE h histogram\\nh_bucket{le="1"} 1\\nh_bucket{le="+Inf"} 2\\nh_count 3\\n | is not its +Inf bucket
            """)
    void rejects(String why, String text, String reason) {
        String unescaped = text.replace("\\\\", "\u0000").replace("\\n", "\n").replace("\\r", "\r").replace("\u0000", "\\");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrometheusTextParser.parse(unescaped), why);
        assertTrue(e.getMessage().contains(reason), why + ": '" + e.getMessage() + "' should say '" + reason + "'");
    }
}
