package dev.homeport.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * JSON filter patterns, "Using filter patterns to match terms in JSON log events" in AWS's filter
 * pattern syntax page:
 * <pre>
 *   pattern    := '{' or '}'
 *   or         := and ('||' and)*            -- "() > && > ||"
 *   and        := unary ('&amp;&amp;' unary)*
 *   unary      := '(' or ')' | condition
 *   condition  := selector op value | selector IS (TRUE|FALSE|NULL) | selector NOT EXISTS
 *   selector   := '$' ('.' name | '.*' | '[' index ']' | '[*]' | '.[' 'quoted name' ']')+
 * </pre>
 * A selector must point at a value node, a string or a number: one pointing at an object, an array
 * or nothing satisfies neither {@code =} nor {@code !=}. With a wildcard ({@code $.*},
 * {@code [*]}) any selected element may satisfy the condition. A message that is not a JSON object
 * never matches. AWS's quotas apply: one wildcard per selector, three per pattern, two regular
 * expressions per pattern. "The variables IS NOT and EXISTS currently aren't supported": refused.
 */
final class JsonFilterPattern {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final int MAX_DEPTH = 64;
    private static final String NAME_EXTRA = "_-";

    private final PatternCursor c;
    private int depth;
    private int wildcards;
    private int regexes;

    private JsonFilterPattern(String body) {
        this.c = new PatternCursor(body);
    }

    /** {@code text} is the whole pattern, from its '{' to its '}'. */
    static Predicate<String> parse(String text) {
        JsonFilterPattern p = new JsonFilterPattern(text.substring(1, text.length() - 1));
        Predicate<JsonNode> tree = p.or();
        p.c.skipSpaces();
        if (!p.c.atEnd()) {
            throw PatternCursor.invalid();
        }
        return message -> {
            JsonNode root = parseMessage(message);
            return root != null && tree.test(root);
        };
    }

    private static JsonNode parseMessage(String message) {
        String m = message.strip();
        if (!m.startsWith("{")) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(m);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    private Predicate<JsonNode> or() {
        Predicate<JsonNode> left = and();
        while (true) {
            c.skipSpaces();
            if (!c.accept("||")) {
                return left;
            }
            left = left.or(and());
        }
    }

    private Predicate<JsonNode> and() {
        Predicate<JsonNode> left = unary();
        while (true) {
            c.skipSpaces();
            if (!c.accept("&&")) {
                return left;
            }
            left = left.and(unary());
        }
    }

    private Predicate<JsonNode> unary() {
        c.skipSpaces();
        if (c.accept("(")) {
            if (++depth > MAX_DEPTH) {
                throw PatternCursor.invalid();
            }
            Predicate<JsonNode> inner = or();
            c.skipSpaces();
            c.expect(')');
            depth--;
            return inner;
        }
        return condition();
    }

    private Predicate<JsonNode> condition() {
        List<Step> selector = selector();
        c.skipSpaces();
        String keyword = keyword();
        if (keyword.equals("IS")) {
            c.skipSpaces();
            String what = keyword();
            return switch (what) {
                case "TRUE" -> root -> any(root, selector, n -> n.isBoolean() && n.booleanValue());
                case "FALSE" -> root -> any(root, selector, n -> n.isBoolean() && !n.booleanValue());
                case "NULL" -> root -> any(root, selector, JsonNode::isNull);
                default -> throw PatternCursor.invalid(); // IS NOT: not supported on AWS
            };
        }
        if (keyword.equals("NOT")) {
            c.skipSpaces();
            if (!keyword().equals("EXISTS")) {
                throw PatternCursor.invalid();
            }
            return root -> resolve(root, selector).isEmpty();
        }
        if (!keyword.isEmpty()) {
            throw PatternCursor.invalid(); // EXISTS alone: not supported on AWS
        }
        FilterCondition.Op op = FilterCondition.readOp(c);
        if (op == null) {
            throw PatternCursor.invalid();
        }
        FilterCondition cond = FilterCondition.read(c, op, ")}&|");
        if (cond.usesRegex() && ++regexes > 2) {
            throw PatternCursor.invalid();
        }
        return root -> any(root, selector, n -> valueNode(n) && cond.test(n.asText(), numberOf(n)));
    }

    /** A word of letters (IS, NOT, TRUE, ...), upper-cased; empty when none comes next. */
    private String keyword() {
        int start = c.pos;
        while (!c.atEnd() && Character.isLetter(c.peek())) {
            c.pos++;
        }
        return c.text.substring(start, c.pos).toUpperCase(Locale.ROOT);
    }

    private sealed interface Step permits Field, Index, Wildcard {
    }

    private record Field(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private List<Step> selector() {
        int start = c.pos;
        if (!c.accept("$")) {
            throw badTerm(start);
        }
        List<Step> steps = new ArrayList<>();
        while (!c.atEnd()) {
            if (c.accept(".")) {
                if (c.accept("*")) {
                    steps.add(new Wildcard());
                } else if (c.peekIs('[')) {
                    steps.add(bracket(start));
                } else {
                    int from = c.pos;
                    while (!c.atEnd() && (Character.isLetterOrDigit(c.peek()) || NAME_EXTRA.indexOf(c.peek()) >= 0)) {
                        c.pos++;
                    }
                    if (from == c.pos) {
                        throw badTerm(start);
                    }
                    steps.add(new Field(c.text.substring(from, c.pos)));
                }
            } else if (c.peekIs('[')) {
                steps.add(bracket(start));
            } else {
                break;
            }
        }
        if (steps.isEmpty()) {
            throw PatternCursor.invalid();
        }
        // "You can only use up to one wildcard selector in a property selector, and up to three
        // wildcard selectors in a filter pattern with compound expressions."
        long here = steps.stream().filter(s -> s instanceof Wildcard).count();
        if (here > 1 || (wildcards += here) > 3) {
            throw PatternCursor.invalid();
        }
        return steps;
    }

    /** {@code [0]}, {@code [*]} or {@code ['name.with.periods']}. */
    private Step bracket(int selectorStart) {
        c.expect('[');
        Step step;
        if (c.accept("*")) {
            step = new Wildcard();
        } else if (c.peekIs('\'')) {
            c.pos++;
            int end = c.text.indexOf('\'', c.pos);
            if (end < 0) {
                throw PatternCursor.invalid();
            }
            step = new Field(c.text.substring(c.pos, end));
            c.pos = end + 1;
        } else {
            int from = c.pos;
            while (!c.atEnd() && c.peek() >= '0' && c.peek() <= '9') {
                c.pos++;
            }
            if (from == c.pos || c.pos - from > 9) {
                throw badTerm(selectorStart);
            }
            step = new Index(Integer.parseInt(c.text.substring(from, c.pos)));
        }
        c.expect(']');
        return step;
    }

    /**
     * AWS names the selector read so far and the character it stopped at: {@code $."sc-status"}
     * answers "Invalid character(s) in term '$."'".
     */
    private RuntimeException badTerm(int start) {
        if (c.atEnd()) {
            return PatternCursor.invalid();
        }
        return LogsErrors.invalidTermCharacters(c.text.substring(start, c.pos + 1));
    }

    private static boolean any(JsonNode root, List<Step> selector, Predicate<JsonNode> test) {
        for (JsonNode n : resolve(root, selector)) {
            if (test.test(n)) {
                return true;
            }
        }
        return false;
    }

    private static List<JsonNode> resolve(JsonNode root, List<Step> selector) {
        List<JsonNode> nodes = List.of(root);
        for (Step step : selector) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode n : nodes) {
                switch (step) {
                    case Field f -> {
                        if (n.isObject() && n.has(f.name())) {
                            next.add(n.get(f.name()));
                        }
                    }
                    case Index i -> {
                        if (n.isArray() && i.index() < n.size()) {
                            next.add(n.get(i.index()));
                        }
                    }
                    case Wildcard w -> {
                        if (n.isContainerNode()) {
                            n.forEach(next::add);
                        }
                    }
                }
            }
            if (next.isEmpty()) {
                return List.of();
            }
            nodes = next;
        }
        return nodes;
    }

    /** "Value nodes can be strings or numbers." */
    private static boolean valueNode(JsonNode n) {
        return n.isTextual() || n.isNumber();
    }

    private static BigDecimal numberOf(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return FilterCondition.number(n.asText().strip());
    }
}
