package dev.gmp.web;

/**
 * A small streaming JSON writer for the dashboard's fixed, flat documents.
 *
 * <p>Why not Jackson: the agent shades web-ui into one jar, and the dashboard only ever writes
 * four shapes (snapshot, goroutine groups, two small replies) with numbers, strings and arrays.
 * A data-binding library would add megabytes and reflection on records for that. Not thread-safe:
 * one writer builds one document.
 *
 * <p>Commas are placed automatically: {@code needsComma} is true after any value or after a member
 * name has been completed by its value, and false right after an opening bracket or a name.
 */
final class JsonWriter {
    private final StringBuilder out;
    private boolean needsComma;

    JsonWriter(int expectedChars) {
        out = new StringBuilder(expectedChars);
    }

    JsonWriter beginObject() {
        separate();
        out.append('{');
        needsComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needsComma = true;
        return this;
    }

    JsonWriter beginArray() {
        separate();
        out.append('[');
        needsComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needsComma = true;
        return this;
    }

    /** Writes a member name; the next call must write its value. */
    JsonWriter name(String name) {
        separate();
        quote(name);
        out.append(':');
        needsComma = false;
        return this;
    }

    JsonWriter value(long number) {
        separate();
        out.append(number);
        needsComma = true;
        return this;
    }

    JsonWriter value(boolean flag) {
        separate();
        out.append(flag);
        needsComma = true;
        return this;
    }

    JsonWriter value(String text) {
        separate();
        quote(text);
        needsComma = true;
        return this;
    }

    JsonWriter field(String name, long number) {
        return name(name).value(number);
    }

    JsonWriter field(String name, String text) {
        return name(name).value(text);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needsComma) {
            out.append(',');
        }
    }

    /** RFC 8259 string: escapes quote, backslash and every control character. */
    private void quote(String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
