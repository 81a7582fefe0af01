package dev.homeport.protocol.sigv4;

import dev.homeport.protocol.AwsServiceException;
import dev.homeport.protocol.ProtocolErrors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies AWS Signature Version 4 in the {@code Authorization} header, on every request.
 *
 * <p>There is no switch to skip it: a client with the wrong secret key must fail here as it would
 * against AWS, or tests against Homeport would pass and fail against AWS. Thread-safe.
 */
public final class SigV4Verifier {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** AWS rejects a request whose date is more than 15 minutes from its own clock, either way. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT);

    private static final HexFormat HEX = HexFormat.of();
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    /** A signing name as AWS spells them ({@code secretsmanager}, {@code ecs}, {@code execute-api}). */
    private static final java.util.regex.Pattern SIGNING_NAME = java.util.regex.Pattern.compile("[a-z0-9-]{1,64}");
    private static final int SIGNING_KEY_CACHE_LIMIT = 1024;

    private final KeyDirectory credentials;
    private final Clock clock;
    /**
     * Derived keys change once a day per key/region/service; deriving costs four HMACs per request. Kept as
     * HMACs already keyed with them (never used directly, only cloned): keying one costs two SHA-256 blocks.
     */
    private final Map<SigningScope, Mac> signingKeys = new ConcurrentHashMap<>();

    /** What a signing key is derived from. */
    private record SigningScope(String secret, String date, String region, String service) {
    }

    public SigV4Verifier(KeyDirectory credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    /**
     * Verifies one made-up request, with a throwaway key, and discards the (failed) result. The first
     * verification is ten times slower than the next ones: the JDK's HMAC and SHA-256 providers, the date
     * formats and this class are initialized on first use. Done at start-up on a spare thread, that time
     * is not added to the first real request.
     *
     * @return the error the made-up request got: {@code InvalidSignatureException}, once all the work is done
     */
    public static String warmUp() {
        Clock clock = Clock.systemUTC();
        String date = formatAmzDate(clock.instant());
        Map<String, List<String>> headers = Map.of(
                "authorization", List.of(ALGORITHM + " Credential=warm-up/" + date.substring(0, 8)
                        + "/us-east-1/secretsmanager/aws4_request, SignedHeaders=host;x-amz-date, Signature="
                        + "0".repeat(64)),
                "x-amz-date", List.of(date),
                "host", List.of("localhost"));
        SignableRequest request = new SignableRequest() {
            @Override public String method() { return "POST"; }
            @Override public String rawPath() { return "/"; }
            @Override public String rawQuery() { return ""; }
            @Override public List<String> headerValues(String name) { return headers.getOrDefault(name, List.of()); }
            @Override public byte[] body() { return "{}".getBytes(StandardCharsets.UTF_8); }
        };
        CredentialStore store = new CredentialStore(List.of(new Credentials("warm-up", "warm-up", "000000000000")));
        try {
            new SigV4Verifier(store, clock).verify(request);
            return "none";
        } catch (AwsServiceException expected) {
            return expected.errorType(); // the signature is made up: only the work before the comparison was wanted
        }
    }

    /** {@link #verify(SignableRequest, String)} for an endpoint of Homeport's own, which any signing name may sign. */
    public SignedPrincipal verify(SignableRequest request) {
        return verify(request, null);
    }

    /**
     * Checks the request's signature. Everything the headers alone can prove (a well-formed Authorization, a
     * credential scope for {@code expectedService} and a valid region, a known key, a current date) is checked
     * before {@link SignableRequest#body()} is asked for, so an unauthenticated caller never makes the server
     * read, or hold, a body.
     *
     * @param expectedService the signing name of the service the request is routed to, or null for any
     */
    public SignedPrincipal verify(SignableRequest request, String expectedService) {
        List<String> authorization = request.headerValues("authorization");
        if (authorization.isEmpty() || authorization.get(0).isBlank()) {
            throw ProtocolErrors.missingAuthenticationToken();
        }
        String header = authorization.get(0).strip();
        AuthorizationFields params = parseAuthorization(header);
        List<String> dateHeader = request.headerValues("x-amz-date");
        boolean amzDate = !dateHeader.isEmpty();
        if (!amzDate) {
            dateHeader = request.headerValues("date");
        }
        requireComplete(header, params, !dateHeader.isEmpty());

        String[] scope = cut(params.credential(), '/');
        if (scope.length != 5 || scope[0].isEmpty()) {
            throw ProtocolErrors.incompleteSignature("Credential should have exactly 5 slash-separated parts: "
                    + "<access key>/<date>/<region>/<service>/aws4_request. Authorization=" + ALGORITHM);
        }
        if (!"aws4_request".equals(scope[4])) {
            throw ProtocolErrors.incompleteSignature(
                    "Credential should be scoped with a valid terminator: 'aws4_request', not '" + scope[4] + "'.");
        }
        // The scope's region becomes part of every ARN the request creates, so it must look like a region
        // (AWS: "Credential should be scoped to a valid region, not '<region>'.").
        if (!dev.homeport.common.Regions.isValid(scope[2])) {
            throw ProtocolErrors.invalidSignature("Credential should be scoped to a valid region, not '" + scope[2] + "'. ");
        }
        // A signature is only good for the service it was made for: AWS refuses one scoped to another.
        if (expectedService != null ? !expectedService.equals(scope[3]) : !SIGNING_NAME.matcher(scope[3]).matches()) {
            throw ProtocolErrors.invalidSignature("Credential should be scoped to correct service: '"
                    + (expectedService == null ? "homeport" : expectedService) + "'. ");
        }
        Credentials key = credentials.find(scope[0]).orElseThrow(ProtocolErrors::unrecognizedClient);
        checkSessionToken(key, request.headerValues("x-amz-security-token"));
        // GetSessionToken's credentials (a user's or the root user's, not a role session's) "cannot call any IAM API
        // operations unless MFA authentication information is included in the request" (STS API reference); Homeport
        // has no MFA, and IAM answers such a call as it answers an unknown token.
        if (key.isTemporary() && key.principal().kind() != dev.homeport.protocol.Principal.Kind.ASSUMED_ROLE
                && "iam".equals(scope[3])) {
            throw ProtocolErrors.unrecognizedClient();
        }

        String requestDate = dateHeader.get(0).strip();
        Instant signedAt = parseDate(requestDate, amzDate);
        String amzDateText = formatAmzDate(signedAt);
        checkSkew(signedAt, amzDateText);
        if (!amzDateText.startsWith(scope[1])) {
            throw ProtocolErrors.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + scope[1] + "' != '" + amzDateText.substring(0, 8)
                    + "', from '" + amzDateText + "'.");
        }

        List<String> signedHeaders = signedHeaders(params.signedHeaders().toLowerCase(Locale.ROOT));
        if (!signedHeaders.contains("host") && !signedHeaders.contains(":authority")) {
            throw ProtocolErrors.incompleteSignature(
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        List<String> claimedHash = request.headerValues(CONTENT_SHA256);
        if (!claimedHash.isEmpty() && !signedHeaders.contains(CONTENT_SHA256)) {
            // An unsigned hash header could be swapped together with the body it describes.
            throw ProtocolErrors.incompleteSignature(
                    "'X-Amz-Content-Sha256' must be a 'SignedHeader' in the AWS Authorization.");
        }
        byte[] given;
        try {
            given = HEX.parseHex(params.signature());
        } catch (IllegalArgumentException e) {
            throw ProtocolErrors.invalidSignature();
        }

        // Only now, with the caller's key known and the request current, is the body read.
        String payloadHash = sha256Hex(request.body());
        // The hash is always computed from the body, never taken from the header: a header that claims another
        // hash (a different body, UNSIGNED-PAYLOAD, a streaming mode) does not describe this body.
        if (!claimedHash.isEmpty() && !payloadHash.equals(claimedHash.get(0).strip())) {
            throw ProtocolErrors.invalidSignature(
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        String canonical = canonicalRequest(request, signedHeaders, payloadHash);
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDateText + "\n" + credentialScope + "\n" + sha256Hex(
                canonical.getBytes(StandardCharsets.UTF_8));
        byte[] expected = signingMac(key.secretAccessKey(), scope[1], scope[2], scope[3])
                .doFinal(stringToSign.getBytes(StandardCharsets.UTF_8));
        // Constant-time comparison: the signature must not be guessable byte by byte from timings.
        if (!MessageDigest.isEqual(expected, given)) {
            throw ProtocolErrors.invalidSignature();
        }
        return new SignedPrincipal(key, scope[2], scope[3]);
    }

    /**
     * Temporary credentials are good only with their own session token, and only until they expire; a long-term key
     * takes no token at all (AWS refuses a token that does not belong to the key rather than ignore it, so a caller
     * never believes a token is checked when it is not).
     */
    private void checkSessionToken(Credentials key, List<String> token) {
        if (!key.isTemporary()) {
            if (!token.isEmpty()) {
                throw ProtocolErrors.unrecognizedClient();
            }
            return;
        }
        if (token.isEmpty() || !key.tokenMatches(token.get(0).strip())) {
            throw ProtocolErrors.unrecognizedClient();
        }
        if (!clock.instant().isBefore(key.expiration())) {
            throw ProtocolErrors.expiredToken();
        }
    }

    /** True when {@code accessKeyId} is one of the accepted keys. */
    public boolean knowsKey(String accessKeyId) {
        return credentials.find(accessKeyId).isPresent();
    }

    /**
     * The access key id a request claims in its Authorization header, unverified: what a throttle keys failures
     * on. Null when the header has no credential.
     */
    public static String claimedAccessKeyId(SignableRequest request) {
        List<String> authorization = request.headerValues("authorization");
        if (authorization.isEmpty()) {
            return null;
        }
        // A scan, not a parse: this runs on every request, before the verifier parses the header properly.
        String header = authorization.get(0);
        int start = header.indexOf("Credential=");
        if (start < 0) {
            return null;
        }
        start += "Credential=".length();
        int end = header.indexOf('/', start);
        String id = header.substring(start, end < 0 ? header.length() : end).strip();
        return id.isEmpty() || id.length() > 128 ? null : id;
    }

    /** The three parameters of an Authorization header; null for one that is absent. */
    private record AuthorizationFields(String credential, String signedHeaders, String signature) {
    }

    /**
     * {@code AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}: comma-separated {@code name=value}
     * pairs after the algorithm, spaces around them ignored, other names ignored, the last of a repeated name kept.
     */
    private static AuthorizationFields parseAuthorization(String header) {
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        if (header.startsWith(ALGORITHM + " ")) {
            int from = ALGORITHM.length() + 1;
            while (from <= header.length()) {
                int comma = header.indexOf(',', from);
                int end = comma < 0 ? header.length() : comma;
                int eq = header.indexOf('=', from);
                if (eq > from && eq < end) {
                    String name = header.substring(from, eq).strip();
                    String value = header.substring(eq + 1, end).strip();
                    switch (name) {
                        case "Credential" -> credential = value;
                        case "SignedHeaders" -> signedHeaders = value;
                        case "Signature" -> signature = value;
                        default -> {
                        }
                    }
                }
                from = end + 1;
            }
        }
        return new AuthorizationFields(credential, signedHeaders, signature);
    }

    /** AWS lists everything that is missing in one message, ending with the header as given. */
    private static void requireComplete(String header, AuthorizationFields params, boolean hasDate) {
        List<String> missing = new ArrayList<>();
        if (params.credential() == null || params.credential().isEmpty()) {
            missing.add("Authorization header requires 'Credential' parameter.");
        }
        if (params.signature() == null || params.signature().isEmpty()) {
            missing.add("Authorization header requires 'Signature' parameter.");
        }
        if (params.signedHeaders() == null || params.signedHeaders().isEmpty()) {
            missing.add("Authorization header requires 'SignedHeaders' parameter.");
        }
        if (!hasDate) {
            missing.add("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }
        if (!missing.isEmpty()) {
            int space = header.indexOf(' ');
            String algorithm = space < 0 ? header : header.substring(0, space);
            throw ProtocolErrors.incompleteSignature(String.join(" ", missing) + " Authorization=" + algorithm);
        }
    }

    /** {@code s} cut at every {@code separator}, empty pieces kept: {@code split} without its list and regex checks. */
    static String[] cut(String s, char separator) {
        int pieces = 1;
        for (int i = s.indexOf(separator); i >= 0; i = s.indexOf(separator, i + 1)) {
            pieces++;
        }
        String[] out = new String[pieces];
        int from = 0;
        for (int k = 0; k < pieces - 1; k++) {
            int at = s.indexOf(separator, from);
            out[k] = s.substring(from, at);
            from = at + 1;
        }
        out[pieces - 1] = s.substring(from);
        return out;
    }

    /** The signed header names, as {@code split(";")} gives them: trailing empty names dropped. */
    private static List<String> signedHeaders(String value) {
        String[] names = cut(value, ';');
        int n = names.length;
        while (n > 0 && names[n - 1].isEmpty()) {
            n--;
        }
        return java.util.Arrays.asList(n == names.length ? names : java.util.Arrays.copyOf(names, n));
    }

    private static Instant parseDate(String value, boolean amzDate) {
        try {
            if (amzDate) {
                return parseAmzDate(value);
            }
            return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ProtocolErrors.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '" + value
                    + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /**
     * {@code yyyyMMdd'T'HHmmss'Z'} without a {@link DateTimeFormatter} (the formatter's parse was a
     * measurable part of every request). Field ranges are checked by {@link LocalDateTime#of}; anything
     * else is a {@link DateTimeParseException}, as from the formatter.
     */
    static Instant parseAmzDate(String value) {
        if (value.length() != 16 || value.charAt(8) != 'T' || value.charAt(15) != 'Z') {
            throw new DateTimeParseException("not an X-Amz-Date", value, 0);
        }
        try {
            return LocalDateTime.of(digits(value, 0, 4), digits(value, 4, 6), digits(value, 6, 8),
                    digits(value, 9, 11), digits(value, 11, 13), digits(value, 13, 15)).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            throw new DateTimeParseException("not an X-Amz-Date", value, 0, e);
        }
    }

    private static int digits(String s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new DateTimeParseException("not an X-Amz-Date", s, i);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    /** The canonical text of {@code t}: what {@code AMZ_DATE.format} gives, without the formatter. */
    static String formatAmzDate(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        if (d.getYear() < 1000 || d.getYear() > 9999) {
            return AMZ_DATE.format(d);
        }
        char[] c = new char[16];
        put(c, 0, d.getYear(), 4);
        put(c, 4, d.getMonthValue(), 2);
        put(c, 6, d.getDayOfMonth(), 2);
        c[8] = 'T';
        put(c, 9, d.getHour(), 2);
        put(c, 11, d.getMinute(), 2);
        put(c, 13, d.getSecond(), 2);
        c[15] = 'Z';
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    private void checkSkew(Instant signedAt, String amzDateText) {
        Instant now = clock.instant();
        if (!signedAt.isBefore(now.minus(MAX_SKEW)) && !signedAt.isAfter(now.plus(MAX_SKEW))) {
            return;
        }
        String nowText = AMZ_DATE.format(now.atOffset(ZoneOffset.UTC));
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            throw ProtocolErrors.invalidSignature("Signature expired: " + amzDateText + " is now earlier than "
                    + AMZ_DATE.format(now.minus(MAX_SKEW).atOffset(ZoneOffset.UTC)) + " (" + nowText + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            throw ProtocolErrors.invalidSignature("Signature not yet current: " + amzDateText
                    + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW).atOffset(ZoneOffset.UTC))
                    + " (" + nowText + " + 15 min.)");
        }
    }

    static String canonicalRequest(SignableRequest request, List<String> signedHeaders, String payloadHash) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
        sb.append(canonicalUri(request.rawPath())).append('\n');
        sb.append(canonicalQuery(request.rawQuery())).append('\n');
        for (String name : signedHeaders) {
            sb.append(name).append(':');
            List<String> values = request.headerValues(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                String v = values.get(i).strip();
                // Sequential spaces collapse to one; checked first because almost no header has them.
                sb.append(v.contains("  ") ? v.replaceAll(" +", " ") : v);
            }
            sb.append('\n');
        }
        sb.append('\n').append(String.join(";", signedHeaders)).append('\n');
        sb.append(payloadHash);
        return sb.toString();
    }

    /** Services other than S3 encode each path segment a second time before signing. */
    static String canonicalUri(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
            return "/"; // every JSON and Query call
        }
        String[] segments = rawPath.split("/", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                sb.append('/');
            }
            sb.append(uriEncode(segments[i]));
        }
        return sb.toString();
    }

    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        List<String[]> pairs = new ArrayList<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            pairs.add(new String[]{uriEncode(decode(k)), uriEncode(decode(v))});
        }
        pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
        StringBuilder sb = new StringBuilder();
        for (String[] p : pairs) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(p[0]).append('=').append(p[1]);
        }
        return sb.toString();
    }

    private static String decode(String s) {
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** RFC 3986 encoding: unreserved characters stay, everything else becomes %XX (upper case). */
    static String uriEncode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    /** An HMAC keyed with the derived signing key, ready for the string to sign (a copy: callers use it up). */
    private Mac signingMac(String secret, String date, String region, String service) {
        SigningScope cacheKey = new SigningScope(secret, date, region, service);
        Mac cached = signingKeys.get(cacheKey);
        if (cached != null) {
            return copy(cached);
        }
        byte[] k = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), date);
        k = hmac(k, region);
        k = hmac(k, service);
        k = hmac(k, "aws4_request");
        Mac prototype = keyedMac(k);
        if (signingKeys.size() >= SIGNING_KEY_CACHE_LIMIT) {
            signingKeys.clear();
        }
        signingKeys.put(cacheKey, prototype);
        return copy(prototype);
    }

    static byte[] hmac(byte[] key, String data) {
        return keyedMac(key).doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    /** A fresh HmacSHA256 with {@code key}: a clone of an initialized one, cheaper than a provider lookup. */
    private static Mac keyedMac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static Mac copy(Mac prototype) {
        try {
            return (Mac) prototype.clone();
        } catch (CloneNotSupportedException e) {
            // Every JDK provider's HMAC is cloneable; a third-party one might not be.
            throw new IllegalStateException("HmacSHA256 is not cloneable", e);
        }
    }

    private static final MessageDigest SHA256_PROTOTYPE;

    static {
        try {
            SHA256_PROTOTYPE = MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            // Clones of an untouched prototype: getInstance's provider lookup costs more than the digest.
            return HEX.formatHex(((MessageDigest) SHA256_PROTOTYPE.clone()).digest(data));
        } catch (CloneNotSupportedException e) {
            try {
                return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
            } catch (GeneralSecurityException e2) {
                throw new IllegalStateException("SHA-256 is part of every JDK", e2);
            }
        }
    }

    /** For callers that need to tell signature failures from other errors. */
    public static boolean isAuthenticationError(AwsServiceException e) {
        return switch (e.errorType()) {
            case "MissingAuthenticationTokenException", "IncompleteSignatureException",
                 "UnrecognizedClientException", "InvalidSignatureException" -> true;
            default -> false;
        };
    }
}
