package io.wsgate.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-pass scan against Jackson, the parser it stands in for: on hand-picked edge cases, and
 * on random JSON and random damage done to it, both must find the same value or both refuse.
 */
class JsonScanTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What Jackson says: "INVALID", "TREE" (number, object, array), or the member's text ("" if absent). */
    private static String jackson(String text, String member) {
        JsonNode root;
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            root = JSON.readTree(parser);
            if (root == null || parser.nextToken() != null) {
                return "INVALID";
            }
        } catch (IOException e) {
            return "INVALID";
        }
        JsonNode value = root.isObject() ? root.get(member) : null;
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        return value.isBoolean() ? value.asText() : "TREE";
    }

    private static String scan(String text, String member) {
        JsonScan.Result result = JsonScan.member(text, member);
        if (result == JsonScan.Result.INVALID) {
            return "INVALID";
        }
        return result == JsonScan.Result.NEEDS_TREE ? "TREE" : result.value;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"action\":\"join\"}",
                " \t\r\n{\"action\" : \"join\" }\n",
                "{\"a\\u0063tion\":\"j\\u00f6in\\n\\\"\\\\\\/\\b\\f\\r\\t\"}",
                "{\"action\":\"x\",\"action\":\"y\"}",
                "{\"action\":1,\"action\":\"y\"}",
                "{\"action\":\"y\",\"action\":[1]}",
                "{\"action\":-0.5e+10}",
                "{\"action\":true}",
                "{\"action\":false}",
                "{\"action\":null}",
                "{\"action\":{}}",
                "{\"other\":{\"action\":\"x\"}}",
                "[{\"action\":\"x\"}]",
                "\"action\"",
                "-0",
                "0",
                "1E5",
                "{}",
                "[]",
                "",
                "   ",
                "{",
                "}",
                "{\"action\":\"join\"",
                "{\"action\":\"join\",}",
                "[1,]",
                "[,1]",
                "{\"action\":\"join\"} {}",
                "{\"action\":01}",
                "{\"action\":1.}",
                "{\"action\":.5}",
                "{\"action\":+1}",
                "{\"action\":-}",
                "{\"action\":1e}",
                "{\"action\":truex}",
                "truex",
                "nul",
                "{'action':'join'}",
                "{action:\"join\"}",
                "{\"action\":\"a\tb\"}",
                "{\"action\":\"\\x\"}",
                "{\"action\":\"\\u12\"}",
                "{\"action\":\"\\u12G4\"}",
                "{\"action\":\"\\u0660\\u0661\\u0662\\u0663\"}",
                "{\"action\":NaN}",
                "{\"action\":\"x\"}//",
                "/* */{\"action\":\"x\"}",
                "\uFEFF{\"action\":\"x\"}",
                "{\"action\":\"x\"}\u000B",
                "{\"action\" \"x\"}",
                "{\"action\":\"x\" \"b\":1}",
                "[1 2]",
                "{\"action\":\"\uD83D\uDE00\"}"
            })
    void agreesWithJacksonOnEdgeCases(String text) {
        assertThat(scan(text, "action")).as(text).isEqualTo(jackson(text, "action"));
    }

    @Test
    void nestingIsRefusedWhereJacksonRefusesIt() {
        String deepest = "[".repeat(JsonScan.MAX_DEPTH) + "]".repeat(JsonScan.MAX_DEPTH);
        String tooDeep = "[".repeat(JsonScan.MAX_DEPTH + 1) + "]".repeat(JsonScan.MAX_DEPTH + 1);
        assertThat(scan(deepest, "action"))
                .isEqualTo(jackson(deepest, "action"))
                .isEqualTo("");
        assertThat(scan(tooDeep, "action"))
                .isEqualTo(jackson(tooDeep, "action"))
                .isEqualTo("INVALID");
        String inMember =
                "{\"action\":" + "[".repeat(JsonScan.MAX_DEPTH - 1) + "]".repeat(JsonScan.MAX_DEPTH - 1) + "}";
        String overInMember = "{\"action\":" + "[".repeat(JsonScan.MAX_DEPTH) + "]".repeat(JsonScan.MAX_DEPTH) + "}";
        assertThat(scan(inMember, "action"))
                .isEqualTo(jackson(inMember, "action"))
                .isEqualTo("TREE");
        assertThat(scan(overInMember, "action"))
                .isEqualTo(jackson(overInMember, "action"))
                .isEqualTo("INVALID");
    }

    /**
     * The scan reads a string's plain run from a one-byte-per-character copy of the text: each
     * character that ends or breaks the run, and each that must not (past U+00FF, '?' stands in for
     * it), at every offset from 0 to 20, in the member and elsewhere.
     */
    @Test
    void agreesWithJacksonWhereverACharacterFallsInALongString() {
        String[] characters = {
            "\"",
            "\\",
            "\\n",
            "\u0000",
            "\u001F",
            "\t",
            "\n",
            " ",
            "!",
            "#",
            "[",
            "\u007F",
            "é",
            "\u00FF",
            "\u0100",
            "\u2028",
            "\uFFFD",
            "?",
            "\uD83D\uDE00",
            "\uD83D",
            "\uDE00"
        };
        int checked = 0;
        for (String c : characters) {
            for (int at = 0; at <= 20; at++) {
                String plain = "abcdefghijklmnopqrstuvwxyz".substring(0, at) + c + "0123456789ABCDEFGHIJ";
                for (String text : new String[] {
                    "{\"action\":\"" + plain + "\"}",
                    "{\"p\":\"" + plain + "\",\"action\":\"x\"}",
                    "{\"action\":\"x\"," + c + "\"p\":1}",
                    "{\"action\":\"" + plain
                }) {
                    assertThat(scan(text, "action")).as(text).isEqualTo(jackson(text, "action"));
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(characters.length * 21 * 4);
    }

    @Test
    void agreesWithJacksonOnRandomAndDamagedJson() {
        var random = new Random(20261121);
        int invalid = 0;
        for (int i = 0; i < 20_000; i++) {
            String text = randomValue(random, 0, true);
            int damage = random.nextInt(4); // a quarter left whole, the rest damaged once to three times
            for (int d = 0; d < damage; d++) {
                text = damage(random, text);
            }
            String expected = jackson(text, "action");
            assertThat(scan(text, "action")).as(text).isEqualTo(expected);
            invalid += expected.equals("INVALID") ? 1 : 0;
        }
        assertThat(invalid).as("damaged cases that Jackson refused").isBetween(5_000, 18_000);
    }

    private static final String[] WORDS = {"true", "false", "null", "0", "-1", "2.5e-3", "10", "1E+2"};
    private static final String[] STRINGS = {
        "\"action\"",
        "\"join\"",
        "\"\"",
        "\"a\\\"b\"",
        "\"\\u0061ction\"",
        "\"\\n\"",
        "\"é\"",
        "\"\\\\\"",
        "\"a long string, past a word\""
    };
    private static final String DAMAGE = "{}[]\":,\\ \t\n-+.eE0159atfnu/'\u0001x";

    private static String randomValue(Random random, int depth, boolean top) {
        int kind = top ? random.nextInt(6) < 4 ? 0 : 1 + random.nextInt(3) : random.nextInt(depth > 3 ? 2 : 4) + 2;
        return switch (kind) {
            case 0, 4 -> {
                var out = new StringBuilder("{");
                int members = random.nextInt(4);
                for (int m = 0; m < members; m++) {
                    out.append(m == 0 ? "" : ",")
                            .append(random.nextInt(3) == 0 ? "\"action\"" : STRINGS[random.nextInt(STRINGS.length)])
                            .append(random.nextBoolean() ? ":" : " : ")
                            .append(randomValue(random, depth + 1, false));
                }
                yield out.append('}').toString();
            }
            case 1, 5 -> {
                var out = new StringBuilder("[");
                int items = random.nextInt(4);
                for (int m = 0; m < items; m++) {
                    out.append(m == 0 ? "" : ", ").append(randomValue(random, depth + 1, false));
                }
                yield out.append(']').toString();
            }
            case 2 -> WORDS[random.nextInt(WORDS.length)];
            default -> STRINGS[random.nextInt(STRINGS.length)];
        };
    }

    private static String damage(Random random, String text) {
        int at = random.nextInt(text.length() + 1);
        char c = DAMAGE.charAt(random.nextInt(DAMAGE.length()));
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + c + text.substring(at); // insert
            case 1 -> at < text.length() ? text.substring(0, at) + text.substring(at + 1) : text; // delete
            default -> at < text.length() ? text.substring(0, at) + c + text.substring(at + 1) : text; // replace
        };
    }
}
