package dev.homeport.iam.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A string from a policy that may hold policy variables ("IAM policy elements: Variables and tags"): a Resource, or a
 * condition value. Only documents of Version 2012-10-17 have variables; in older ones {@code ${...}} is plain text.
 *
 * <ul>
 *   <li>{@code ${aws:username}}, {@code ${aws:PrincipalTag/team}}, any {@code ${<condition key>}}: the key's value in
 *       the request context (keys are case-insensitive). A variable's value is literal text: a {@code *} in a user
 *       name is no wildcard.</li>
 *   <li>{@code ${key, 'default'}}: the default when the key is missing.</li>
 *   <li>{@code ${*}}, {@code ${?}}, {@code ${$}}: those characters themselves, never wildcards.</li>
 * </ul>
 * A variable whose key is missing (or multi-valued: AWS does not substitute those) and has no default leaves the value
 * unresolved: it matches nothing, so the Resource or condition value it is in does not match (AWS: "If there is no
 * value for the key, the policy element does not match").
 *
 * <p>A value without variables is resolved once, here; only values with variables are resolved per request.
 */
final class PolicyValue {
    private sealed interface Piece permits Text, Variable {
    }

    /** Text as written; {@code wildcards} is false for {@code ${*}} and the like, whose character is literal. */
    private record Text(String text, boolean wildcards) implements Piece {
    }

    private record Variable(String key, String fallback) implements Piece {
    }

    private final String raw;
    private final List<Piece> pieces;
    private final String constantText;  // the text when there are no variables, else null
    private final int[] constantAtoms;  // its glob atoms when there are no variables, else null

    private PolicyValue(String raw, List<Piece> pieces, String constantText, int[] constantAtoms) {
        this.raw = raw;
        this.pieces = pieces;
        this.constantText = constantText;
        this.constantAtoms = constantAtoms;
    }

    /** @param variables whether {@code ${...}} are variables (Version 2012-10-17) or plain text */
    static PolicyValue parse(String raw, boolean variables) {
        List<Piece> pieces = new ArrayList<>();
        int start = 0;
        int i = variables ? raw.indexOf("${") : -1;
        while (i >= 0) {
            int end = raw.indexOf('}', i + 2);
            if (end < 0) {
                break; // an unterminated "${" is text
            }
            Piece piece = variable(raw.substring(i + 2, end));
            if (piece != null) {
                if (i > start) {
                    pieces.add(new Text(raw.substring(start, i), true));
                }
                pieces.add(piece);
                start = end + 1;
            }
            i = raw.indexOf("${", piece != null ? end + 1 : i + 2);
        }
        if (start < raw.length() || pieces.isEmpty()) {
            pieces.add(new Text(raw.substring(start), true));
        }
        List<Piece> all = List.copyOf(pieces);
        if (all.stream().allMatch(p -> p instanceof Text)) {
            // Resolve now, once: a value without variables needs no request.
            PolicyValue unresolved = new PolicyValue(raw, all, null, null);
            return new PolicyValue(raw, all, unresolved.text(null), unresolved.atoms(null));
        }
        return new PolicyValue(raw, all, null, null);
    }

    /** {@code *}, {@code ?}, {@code $}, {@code key} or {@code key, 'default'}; null when it is none of them. */
    private static Piece variable(String inside) {
        String body = inside.strip();
        if (body.equals("*") || body.equals("?") || body.equals("$")) {
            return new Text(body, false);
        }
        int comma = body.indexOf(',');
        String key = (comma < 0 ? body : body.substring(0, comma)).strip();
        if (key.isEmpty()) {
            return null;
        }
        String fallback = null;
        if (comma >= 0) {
            fallback = body.substring(comma + 1).strip();
            if (fallback.length() >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
                fallback = fallback.substring(1, fallback.length() - 1);
            }
        }
        return new Variable(key.toLowerCase(Locale.ROOT), fallback);
    }

    String raw() {
        return raw;
    }

    boolean isConstant() {
        return constantText != null;
    }

    /** The value with its variables substituted, as literal text; null when a variable has no value. */
    String text(AccessRequest request) {
        if (constantText != null) {
            return constantText;
        }
        StringBuilder sb = new StringBuilder(raw.length() + 16);
        for (Piece piece : pieces) {
            switch (piece) {
                case Text t -> sb.append(t.text());
                case Variable v -> {
                    String value = resolve(v, request);
                    if (value == null) {
                        return null;
                    }
                    sb.append(value);
                }
            }
        }
        return sb.toString();
    }

    /**
     * The value as {@link Glob} atoms: {@code *} and {@code ?} written in the policy are wildcards, characters from
     * variables and from {@code ${*}} are literal. Null when a variable has no value.
     */
    int[] atoms(AccessRequest request) {
        if (constantAtoms != null) {
            return constantAtoms;
        }
        int[] out = new int[raw.length() + 16];
        int n = 0;
        for (Piece piece : pieces) {
            String s;
            boolean wildcards;
            switch (piece) {
                case Text t -> {
                    s = t.text();
                    wildcards = t.wildcards();
                }
                case Variable v -> {
                    s = resolve(v, request);
                    wildcards = false;
                    if (s == null) {
                        return null;
                    }
                }
            }
            for (int i = 0; i < s.length(); ) {
                int cp = s.codePointAt(i);
                if (n == out.length) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                out[n++] = !wildcards ? cp : cp == '*' ? Glob.STAR : cp == '?' ? Glob.ONE : cp;
                i += Character.charCount(cp);
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** A wildcard matcher for this value: compiled now when it has no variables, else per request. */
    TextMatcher globMatcher(boolean ignoreCase) {
        if (constantAtoms != null) {
            Glob glob = Glob.of(constantAtoms, ignoreCase);
            return (text, request) -> glob.matches(text);
        }
        return (text, request) -> {
            int[] atoms = atoms(request);
            return atoms != null && Glob.of(atoms, ignoreCase).matches(text);
        };
    }

    private static String resolve(Variable v, AccessRequest request) {
        List<String> values = request == null ? null : request.values(v.key());
        if (values != null && values.size() == 1) {
            return values.getFirst();
        }
        return v.fallback();
    }

    @Override
    public String toString() {
        return raw;
    }
}
