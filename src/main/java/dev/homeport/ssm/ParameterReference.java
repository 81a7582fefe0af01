package dev.homeport.ssm;

/**
 * How a request names a parameter: its name, or its ARN, optionally followed by {@code :<version>} or
 * {@code :<label>} (GetParameter, GetParameters). Names never contain a colon, so the first colon after the name
 * starts the selector.
 *
 * @param name     the parameter's name as given (from an ARN: with the leading slash it had, see {@link #parse})
 * @param selector the part after the colon, or null
 * @param fromArn  whether the name came from an ARN, whose {@code parameter/x} may stand for {@code x} or {@code /x}
 */
record ParameterReference(String name, String selector, boolean fromArn) {
    private static final String MARK = ":parameter/";

    static ParameterReference parse(String reference) {
        if (reference == null) {
            return new ParameterReference("", null, false);
        }
        String rest = reference;
        boolean arn = false;
        if (reference.startsWith("arn:")) {
            int at = reference.indexOf(MARK);
            if (at < 0) {
                return new ParameterReference(reference, null, false);
            }
            rest = "/" + reference.substring(at + MARK.length());
            arn = true;
        }
        int colon = rest.indexOf(':');
        return colon < 0 ? new ParameterReference(rest, null, arn)
                : new ParameterReference(rest.substring(0, colon), rest.substring(colon + 1), arn);
    }

    /** The name an ARN's {@code parameter/x} stands for when no parameter {@code /x} exists. */
    String withoutSlash() {
        return fromArn && name.startsWith("/") && name.indexOf('/', 1) < 0 ? name.substring(1) : name;
    }

    /** The selector as a version number, or null when it is a label (or absent). */
    Long version() {
        if (selector == null || selector.isEmpty() || !selector.chars().allMatch(Character::isDigit)
                || selector.length() > 18) {
            return null;
        }
        return Long.parseLong(selector);
    }
}
