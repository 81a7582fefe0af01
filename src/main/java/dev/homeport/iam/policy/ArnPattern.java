package dev.homeport.iam.policy;

/**
 * ArnEquals / ArnLike: "each of the six colon-delimited components of the ARN is checked separately and each can
 * include multi-character match wildcards (*) or single-character match wildcards (?)" (Condition operators). The
 * sixth component is everything after the fifth colon, colons included; a value with fewer than six components
 * matches nothing.
 */
final class ArnPattern {
    private static final int PARTS = 6;

    private final Glob[] parts;

    private ArnPattern(Glob[] parts) {
        this.parts = parts;
    }

    /** The matcher for one policy value: compiled now when it has no variables, else per request. */
    static TextMatcher matcher(PolicyValue value) {
        if (value.isConstant()) {
            ArnPattern pattern = of(value.atoms(null));
            return pattern == null ? (text, request) -> false : (text, request) -> pattern.matches(text);
        }
        return (text, request) -> {
            int[] atoms = value.atoms(request);
            ArnPattern pattern = atoms == null ? null : of(atoms);
            return pattern != null && pattern.matches(text);
        };
    }

    /** Splits glob atoms at their first five colons; null when there are fewer than five. */
    private static ArnPattern of(int[] atoms) {
        Glob[] parts = new Glob[PARTS];
        int part = 0;
        int start = 0;
        for (int i = 0; i < atoms.length && part < PARTS - 1; i++) {
            if (atoms[i] == ':') {
                parts[part++] = Glob.of(java.util.Arrays.copyOfRange(atoms, start, i), false);
                start = i + 1;
            }
        }
        if (part < PARTS - 1) {
            return null;
        }
        parts[part] = Glob.of(java.util.Arrays.copyOfRange(atoms, start, atoms.length), false);
        return new ArnPattern(parts);
    }

    private boolean matches(String arn) {
        int start = 0;
        for (int part = 0; part < PARTS - 1; part++) {
            int colon = arn.indexOf(':', start);
            if (colon < 0 || !parts[part].matches(arn, start, colon)) {
                return false;
            }
            start = colon + 1;
        }
        return parts[PARTS - 1].matches(arn, start, arn.length());
    }
}
