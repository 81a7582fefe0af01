package dev.homeport.iam.policy;

/**
 * IAM's wildcard match, compiled once: {@code *} any run of characters (also none), {@code ?} exactly one; everything
 * else literal. AWS matches Action, Resource and the String/Arn "Like" operators this way over the whole string
 * ("IAM JSON policy elements: Resource": "you can use wildcard characters (* and ?) within any ARN segment").
 *
 * <p>Common shapes ({@code *}, a literal, {@code prefix*}) match with one String call; the rest with the classic
 * two-pointer algorithm that remembers only the last star: at most O(pattern × text) steps, never exponential, and no
 * allocation. Characters are compared by code point.
 */
final class Glob {
    /** An atom standing for {@code *}. Literal atoms are code points, so never negative. */
    static final int STAR = -1;
    /** An atom standing for {@code ?}. */
    static final int ONE = -2;

    private static final Glob ANYTHING = new Glob(Shape.ANYTHING, "", new int[]{STAR}, false);

    private enum Shape { ANYTHING, EXACT, PREFIX, GENERAL }

    private final Shape shape;
    private final String literal; // EXACT: the text; PREFIX: the text before the trailing stars
    private final int[] atoms;    // GENERAL: code points (folded when ignoring case), STAR and ONE
    private final boolean ignoreCase;

    private Glob(Shape shape, String literal, int[] atoms, boolean ignoreCase) {
        this.shape = shape;
        this.literal = literal;
        this.atoms = atoms;
        this.ignoreCase = ignoreCase;
    }

    /** A pattern where {@code *} and {@code ?} are wildcards. */
    static Glob compile(String pattern, boolean ignoreCase) {
        int[] atoms = new int[pattern.codePointCount(0, pattern.length())];
        int n = 0;
        for (int i = 0; i < pattern.length(); ) {
            int cp = pattern.codePointAt(i);
            atoms[n++] = cp == '*' ? STAR : cp == '?' ? ONE : cp;
            i += Character.charCount(cp);
        }
        return of(atoms, ignoreCase);
    }

    /** A pattern given as atoms: code points, {@link #STAR} and {@link #ONE}. The array is not kept. */
    static Glob of(int[] atoms, boolean ignoreCase) {
        int firstWildcard = -1;
        int wildcards = 0;
        for (int i = 0; i < atoms.length; i++) {
            if (atoms[i] < 0) {
                wildcards++;
                if (firstWildcard < 0) {
                    firstWildcard = i;
                }
            }
        }
        if (wildcards == 0) {
            return new Glob(Shape.EXACT, text(atoms, atoms.length), null, ignoreCase);
        }
        boolean onlyTrailingStars = true;
        for (int i = firstWildcard; i < atoms.length; i++) {
            onlyTrailingStars &= atoms[i] == STAR;
        }
        if (onlyTrailingStars) {
            return firstWildcard == 0 ? ANYTHING
                    : new Glob(Shape.PREFIX, text(atoms, firstWildcard), null, ignoreCase);
        }
        int[] folded = atoms.clone();
        if (ignoreCase) {
            for (int i = 0; i < folded.length; i++) {
                folded[i] = folded[i] < 0 ? folded[i] : fold(folded[i]);
            }
        }
        return new Glob(Shape.GENERAL, "", folded, ignoreCase);
    }

    boolean matches(String text) {
        return matches(text, 0, text.length());
    }

    /** Whether {@code text[from, to)} matches, without taking a substring. */
    boolean matches(String text, int from, int to) {
        return switch (shape) {
            case ANYTHING -> true;
            case EXACT -> to - from == literal.length() && text.regionMatches(ignoreCase, from, literal, 0,
                    literal.length());
            case PREFIX -> to - from >= literal.length() && text.regionMatches(ignoreCase, from, literal, 0,
                    literal.length());
            case GENERAL -> general(text, from, to);
        };
    }

    private boolean general(String text, int from, int to) {
        int p = 0;
        int t = from;
        int starP = -1;
        int starT = from;
        while (t < to) {
            int cp = text.codePointAt(t);
            if (p < atoms.length && atoms[p] == STAR) {
                starP = p++;
                starT = t;
            } else if (p < atoms.length && (atoms[p] == ONE || atoms[p] == (ignoreCase ? fold(cp) : cp))) {
                p++;
                t += Character.charCount(cp);
            } else if (starP >= 0) {
                // Let the last star swallow one more character and retry from there.
                p = starP + 1;
                starT += Character.charCount(text.codePointAt(starT));
                t = starT;
            } else {
                return false;
            }
        }
        while (p < atoms.length && atoms[p] == STAR) {
            p++;
        }
        return p == atoms.length;
    }

    /** Case folding as {@link String#equalsIgnoreCase} does it. */
    private static int fold(int cp) {
        return Character.toLowerCase(Character.toUpperCase(cp));
    }

    private static String text(int[] atoms, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.appendCodePoint(atoms[i]);
        }
        return sb.toString();
    }
}
