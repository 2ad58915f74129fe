package io.wsgate.route;

import java.nio.charset.StandardCharsets;

/**
 * One pass over a message that checks it is exactly one JSON value and picks out the value of one
 * top-level member, building nothing else. Route selection by {@code $request.body.action} is this,
 * for every message; a general parser spent a fifth of the gateway's time on it (wsgate-bench, S3).
 *
 * <p>The grammar is RFC 8259's, as strictly as Jackson reads it by default (the tree parser the
 * gateway falls back to, and the oracle of this class's test): no comments, no single quotes, no
 * unquoted names, no trailing commas, no leading zeros, no control characters in strings, only
 * space, tab, CR and LF as white space, nesting at most {@value #MAX_DEPTH} deep. Of duplicate
 * members the last counts. Not thread-safe; each scan makes its own.
 *
 * <p>The scan reads a one-byte-per-character copy of the text, every character past U+00FF written
 * as {@code '?'}: no such character may stand outside a string, and neither may {@code '?'}, so the
 * copy is JSON exactly when the text is, and its positions are the text's. Members' names and values
 * are taken from the text itself. A string's plain run, most of a large message, is then a loop of
 * one array load and one table look-up per character, which the compiler keeps tight.
 *
 * <p>Measured on wsgate-bench's messages (JDK 25, this project's 2-core machine), the whole scan,
 * copy included: 4 KB in 1.07 µs and 64 B in 48 ns, against 2.56 µs and 65 ns reading the string
 * a character at a time. Testing eight bytes at a time through a {@code VarHandle} was no faster on
 * its own (1.05 µs, 57 ns), and in some runs of the gateway the compiler left that read as a call:
 * a fifth of a profile's samples, and the 4 KB echo at half speed. A table has nothing to inline.
 */
final class JsonScan {
    /** Jackson's default nesting limit: deeper input is refused there, so it is refused here. */
    static final int MAX_DEPTH = 1000;

    /** What a scan found. */
    static final class Result {
        /** Not one JSON value. */
        static final Result INVALID = new Result(null);
        /** The member's value is a number, an object or an array: the tree evaluates it. */
        static final Result NEEDS_TREE = new Result(null);
        /** No such member, its value is {@code null}, or the value is not an object. */
        static final Result ABSENT = new Result("");

        final String value;

        private Result(String value) {
            this.value = value;
        }
    }

    /** Thrown where the input stops being JSON; made once, without a stack. */
    private static final class Malformed extends RuntimeException {
        Malformed() {
            super(null, null, false, false);
        }
    }

    private static final Malformed MALFORMED = new Malformed();

    /** The characters that end a string's plain run: quote, backslash, control characters. */
    private static final boolean[] ENDS_RUN = new boolean[256];

    static {
        for (int c = 0; c < 0x20; c++) {
            ENDS_RUN[c] = true;
        }
        ENDS_RUN['"'] = true;
        ENDS_RUN['\\'] = true;
    }

    private final String text;
    private final byte[] chars; // the text, a byte per character (see the class comment)
    private int pos;
    private boolean escaped; // whether the last string scanned had escapes

    private JsonScan(String text) {
        this.text = text;
        this.chars = narrow(text);
    }

    /**
     * The text a byte per character, past U+00FF as {@code '?'}. The JDK's encoder does this in one
     * copy, but writes one {@code '?'} for a whole surrogate pair; a text that holds one (its copy
     * comes out shorter) is narrowed a character at a time.
     */
    private static byte[] narrow(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        if (bytes.length == text.length()) {
            return bytes;
        }
        bytes = new byte[text.length()];
        for (int i = 0; i < bytes.length; i++) {
            char c = text.charAt(i);
            bytes[i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return bytes;
    }

    /** The value of the top-level member {@code member} of {@code text}, if it is one JSON value. */
    static Result member(String text, String member) {
        var scan = new JsonScan(text);
        try {
            scan.skipSpace();
            if (scan.pos == scan.chars.length) {
                return Result.INVALID;
            }
            Result found = Result.ABSENT;
            if (scan.peek() == '{') {
                found = scan.object(1, member);
            } else {
                scan.value(0);
            }
            scan.skipSpace();
            return scan.pos == scan.chars.length ? found : Result.INVALID;
        } catch (Malformed e) {
            return Result.INVALID;
        }
    }

    private Result memberValue() {
        switch (peek()) {
            case '"' -> {
                pos++;
                int start = pos;
                int end = skipString();
                return new Result(escaped ? unescape(start, end) : text.substring(start, end));
            }
            case 't' -> {
                literal("true");
                return new Result("true");
            }
            case 'f' -> {
                literal("false");
                return new Result("false");
            }
            case 'n' -> {
                literal("null");
                return Result.ABSENT;
            }
            default -> {
                value(1);
                return Result.NEEDS_TREE;
            }
        }
    }

    /** Skips one value, found at {@code pos}, inside {@code depth} open objects and arrays. */
    private void value(int depth) {
        switch (peek()) {
            case '{' -> object(deeper(depth), null);
            case '[' -> array(deeper(depth));
            case '"' -> {
                pos++;
                skipString();
            }
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private static int deeper(int depth) {
        if (depth >= MAX_DEPTH) {
            throw MALFORMED;
        }
        return depth + 1;
    }

    /**
     * Skips an object, found at {@code pos}, that opens nesting level {@code depth}; returns the
     * value of its member {@code member} (of the last, if several), or {@code ABSENT} when {@code
     * member} is null or not there.
     */
    private Result object(int depth, String member) {
        pos++; // '{'
        skipSpace();
        if (peek() == '}') {
            pos++;
            return Result.ABSENT;
        }
        Result found = Result.ABSENT;
        while (true) {
            expect('"');
            int start = pos;
            int end = skipString();
            boolean match = member != null
                    && (escaped
                            ? unescape(start, end).equals(member)
                            : end - start == member.length() && text.regionMatches(start, member, 0, end - start));
            skipSpace();
            expect(':');
            skipSpace();
            if (match) {
                found = memberValue();
            } else {
                value(depth);
            }
            skipSpace();
            char c = next();
            if (c == '}') {
                return found;
            }
            if (c != ',') {
                throw MALFORMED;
            }
            skipSpace();
        }
    }

    private void array(int depth) {
        pos++; // '['
        skipSpace();
        if (peek() == ']') {
            pos++;
            return;
        }
        while (true) {
            value(depth);
            skipSpace();
            char c = next();
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw MALFORMED;
            }
            skipSpace();
        }
    }

    /**
     * Skips a string's contents, its opening quote already read; returns where its closing quote
     * is, and sets {@link #escaped}.
     */
    private int skipString() {
        escaped = false;
        while (true) {
            pos = plainRun(chars, pos);
            char c = next();
            if (c == '"') {
                return pos - 1;
            }
            if (c == '\\') {
                escaped = true;
                char e = next();
                if (e == 'u') {
                    hex(pos);
                    pos += 4;
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw MALFORMED;
                }
            } else if (c < 0x20) {
                throw MALFORMED;
            }
        }
    }

    /**
     * Where the plain run of a string that starts at {@code from} ends: the first quote, backslash or
     * control character, or the end of the text.
     */
    private static int plainRun(byte[] chars, int from) {
        int i = from;
        int n = chars.length;
        while (i < n && !ENDS_RUN[chars[i] & 0xFF]) {
            i++;
        }
        return i;
    }

    /** The text of the string between {@code start} and {@code end}, escapes undone; known valid. */
    private String unescape(int start, int end) {
        var out = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char e = text.charAt(++i);
            switch (e) {
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    out.append((char) hex(i + 1));
                    i += 4;
                }
                default -> out.append(e); // '"', '\\' or '/'
            }
        }
        return out.toString();
    }

    /** The four hex digits at {@code at} as a number. */
    private int hex(int at) {
        if (at + 4 > chars.length) {
            throw MALFORMED;
        }
        int value = 0;
        for (int i = at; i < at + 4; i++) {
            char c = text.charAt(i);
            int digit = c <= 'f' ? Character.digit(c, 16) : -1; // not the non-ASCII digits it takes
            if (digit < 0) {
                throw MALFORMED;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    private void number() {
        if (pos < chars.length && chars[pos] == '-') {
            pos++;
        }
        if (pos < chars.length && chars[pos] == '0') {
            pos++;
        } else {
            digits();
        }
        if (pos < chars.length && chars[pos] == '.') {
            pos++;
            digits();
        }
        if (pos < chars.length && (chars[pos] == 'e' || chars[pos] == 'E')) {
            pos++;
            if (pos < chars.length && (chars[pos] == '+' || chars[pos] == '-')) {
                pos++;
            }
            digits();
        }
    }

    /** One or more decimal digits. */
    private void digits() {
        int start = pos;
        while (pos < chars.length && chars[pos] >= '0' && chars[pos] <= '9') {
            pos++;
        }
        if (pos == start) {
            throw MALFORMED;
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw MALFORMED;
        }
        pos += word.length();
    }

    private void skipSpace() {
        while (pos < chars.length) {
            byte c = chars[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private void expect(char c) {
        if (next() != c) {
            throw MALFORMED;
        }
    }

    private char next() {
        if (pos >= chars.length) {
            throw MALFORMED;
        }
        return (char) (chars[pos++] & 0xFF);
    }

    private char peek() {
        if (pos >= chars.length) {
            throw MALFORMED;
        }
        return (char) (chars[pos] & 0xFF);
    }
}
