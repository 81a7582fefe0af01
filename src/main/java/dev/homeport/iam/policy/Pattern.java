package dev.homeport.iam.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A policy string with IAM's wildcards ({@code *} any run of characters, {@code ?} any one) and, in a 2012-10-17
 * policy, variables ({@code ${aws:username}}, {@code ${aws:PrincipalTag/team, 'none'}}, and {@code ${*}}, {@code ${?}},
 * {@code ${$}} for those characters themselves). Compiled once: a pattern without variables matches without
 * allocating; a variable's value is substituted per request and matched literally (a {@code *} in a user name is not
 * a wildcard). Matching is linear backtracking over the last star, never exponential.
 */
final class Pattern {
    private static final int STAR = -1;
    private static final int ANY_ONE = -2;

    /** One piece: literal code points and wildcards, or a variable to look up. */
    private sealed interface Piece permits Chars, Variable {
    }

    private record Chars(int[] atoms) implements Piece {
    }

    private record Variable(String key, String fallback) implements Piece {
    }

    private final String source;
    private final boolean ignoreCase;
    private final int[] fixed; // the atoms when there are no variables, else null
    private final List<Piece> pieces;

    private Pattern(String source, boolean ignoreCase, List<Piece> pieces) {
        this.source = source;
        this.ignoreCase = ignoreCase;
        this.pieces = pieces;
        this.fixed = pieces.stream().allMatch(p -> p instanceof Chars) ? concat(pieces) : null;
    }

    /**
     * @param withVariables whether {@code ${…}} is a variable (policies of Version 2012-10-17) or literal text
     * @param ignoreCase    whether letters match regardless of case (actions do; ARNs do not)
     */
    static Pattern compile(String source, boolean withVariables, boolean ignoreCase) {
        List<Piece> pieces = new ArrayList<>();
        List<Integer> atoms = new ArrayList<>();
        int i = 0;
        while (i < source.length()) {
            if (withVariables && source.startsWith("${", i)) {
                int end = source.indexOf('}', i);
                if (end > 0) {
                    String inside = source.substring(i + 2, end).strip();
                    switch (inside) {
                        case "*" -> atoms.add((int) '*');
                        case "?" -> atoms.add((int) '?');
                        case "$" -> atoms.add((int) '$');
                        default -> {
                            flush(pieces, atoms);
                            pieces.add(variable(inside));
                        }
                    }
                    i = end + 1;
                    continue;
                }
            }
            int cp = source.codePointAt(i);
            atoms.add(cp == '*' ? STAR : cp == '?' ? ANY_ONE : fold(cp, ignoreCase));
            i += Character.charCount(cp);
        }
        flush(pieces, atoms);
        return new Pattern(source, ignoreCase, List.copyOf(pieces));
    }

    /** {@code key} or {@code key, 'default'}. */
    private static Variable variable(String inside) {
        int comma = inside.indexOf(',');
        if (comma < 0) {
            return new Variable(inside.toLowerCase(Locale.ROOT), null);
        }
        String fallback = inside.substring(comma + 1).strip();
        if (fallback.length() >= 2 && fallback.startsWith("'") && fallback.endsWith("'")) {
            fallback = fallback.substring(1, fallback.length() - 1);
        }
        return new Variable(inside.substring(0, comma).strip().toLowerCase(Locale.ROOT), fallback);
    }

    String source() {
        return source;
    }

    /** True when {@code text} matches; false also when a variable has no value in the request (AWS: no match). */
    boolean matches(String text, AccessRequest request) {
        int[] atoms = fixed != null ? fixed : resolve(request);
        return atoms != null && matches(atoms, text);
    }

    /** The pattern with its variables replaced, as literal text (for the String and Arn condition operators). */
    String resolveLiteral(AccessRequest request) {
        int[] atoms = fixed != null ? fixed : resolve(request);
        if (atoms == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int a : atoms) {
            sb.appendCodePoint(a == STAR ? '*' : a == ANY_ONE ? '?' : a);
        }
        return sb.toString();
    }

    private int[] resolve(AccessRequest request) {
        List<Integer> atoms = new ArrayList<>();
        for (Piece piece : pieces) {
            switch (piece) {
                case Chars c -> {
                    for (int a : c.atoms()) {
                        atoms.add(a);
                    }
                }
                case Variable v -> {
                    List<String> values = request.values(v.key());
                    String value = values != null && !values.isEmpty() ? values.getFirst() : v.fallback();
                    if (value == null) {
                        return null;
                    }
                    value.codePoints().forEach(cp -> atoms.add(fold(cp, ignoreCase)));
                }
            }
        }
        return atoms.stream().mapToInt(Integer::intValue).toArray();
    }

    private boolean matches(int[] p, String text) {
        int t = 0;
        int pi = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length()) {
            int cp = fold(text.codePointAt(t), ignoreCase);
            if (pi < p.length && (p[pi] == ANY_ONE || p[pi] == cp)) {
                pi++;
                t += Character.charCount(text.codePointAt(t));
            } else if (pi < p.length && p[pi] == STAR) {
                starP = pi++;
                starT = t;
            } else if (starP >= 0) {
                pi = starP + 1;
                starT += Character.charCount(text.codePointAt(starT));
                t = starT;
            } else {
                return false;
            }
        }
        while (pi < p.length && p[pi] == STAR) {
            pi++;
        }
        return pi == p.length;
    }

    private static int fold(int cp, boolean ignoreCase) {
        return ignoreCase ? Character.toLowerCase(cp) : cp;
    }

    private static void flush(List<Piece> pieces, List<Integer> atoms) {
        if (!atoms.isEmpty()) {
            pieces.add(new Chars(atoms.stream().mapToInt(Integer::intValue).toArray()));
            atoms.clear();
        }
    }

    private static int[] concat(List<Piece> pieces) {
        return pieces.stream().flatMapToInt(p -> java.util.Arrays.stream(((Chars) p).atoms())).toArray();
    }
}
