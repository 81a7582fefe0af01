package dev.homeport.ssm;

/**
 * How a request names a parameter: its name, or its ARN, optionally followed by {@code :<version>} or
 * {@code :<label>} (GetParameter, GetParameters). Names never contain a colon, so the first colon after the name
 * starts the selector.
 *
 * @param name     the parameter's name as given (from an ARN: with the leading slash it had, see {@link #parse})
 * @param selector the part after the colon, or null
 * @param fromArn  whether the name came from an ARN, whose {@code parameter/x} may stand for {@code x} or {@code /x}
 * @param region   the ARN's region, or null for a name
 * @param account  the ARN's account, or null for a name
 */
record ParameterReference(String name, String selector, boolean fromArn, String region, String account) {
    private static final String MARK = ":parameter/";

    static ParameterReference parse(String reference) {
        if (reference == null) {
            return new ParameterReference("", null, false, null, null);
        }
        String rest = reference;
        String region = null;
        String account = null;
        if (reference.startsWith("arn:")) {
            // arn:<partition>:ssm:<region>:<account>:parameter/<name>
            String[] fields = reference.split(":", 6);
            int at = reference.indexOf(MARK);
            if (at < 0 || fields.length < 6 || !fields[2].equals("ssm")) {
                return new ParameterReference(reference, null, false, null, null);
            }
            region = fields[3];
            account = fields[4];
            rest = "/" + reference.substring(at + MARK.length());
        }
        boolean arn = account != null;
        int colon = rest.indexOf(':');
        return colon < 0 ? new ParameterReference(rest, null, arn, region, account)
                : new ParameterReference(rest.substring(0, colon), rest.substring(colon + 1), arn, region, account);
    }

    /** Whether the reference names a parameter of this account and region (a name always does; an ARN may not). */
    boolean isIn(String inAccount, String inRegion) {
        return !fromArn || (inAccount.equals(account) && inRegion.equals(region));
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
