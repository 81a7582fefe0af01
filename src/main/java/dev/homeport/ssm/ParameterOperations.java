package dev.homeport.ssm;

import dev.homeport.crypto.SecretBarrier;
import dev.homeport.crypto.Sealed;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.ssm.SsmShapes.DeleteParameterRequest;
import dev.homeport.ssm.SsmShapes.DeleteParametersRequest;
import dev.homeport.ssm.SsmShapes.DeleteParametersResult;
import dev.homeport.ssm.SsmShapes.Empty;
import dev.homeport.ssm.SsmShapes.GetParameterHistoryRequest;
import dev.homeport.ssm.SsmShapes.GetParameterHistoryResult;
import dev.homeport.ssm.SsmShapes.GetParameterRequest;
import dev.homeport.ssm.SsmShapes.GetParameterResult;
import dev.homeport.ssm.SsmShapes.GetParametersRequest;
import dev.homeport.ssm.SsmShapes.GetParametersResult;
import dev.homeport.ssm.SsmShapes.LabelParameterVersionRequest;
import dev.homeport.ssm.SsmShapes.LabelParameterVersionResult;
import dev.homeport.ssm.SsmShapes.Parameter;
import dev.homeport.ssm.SsmShapes.ParameterHistory;
import dev.homeport.ssm.SsmShapes.PutParameterRequest;
import dev.homeport.ssm.SsmShapes.PutParameterResult;
import dev.homeport.ssm.SsmShapes.UnlabelParameterVersionRequest;
import dev.homeport.ssm.SsmShapes.UnlabelParameterVersionResult;
import dev.homeport.ssm.SsmStore.ParameterVersion;
import dev.homeport.common.PageTokens;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * PutParameter, GetParameter, GetParameters, DeleteParameter, DeleteParameters, GetParameterHistory,
 * LabelParameterVersion and UnlabelParameterVersion. A SecureString is sealed with the {@link SecretBarrier} before
 * it reaches the store, bound to {@code <parameter ARN>|<version>}, and opened only for a request WithDecryption;
 * without it the answer carries the sealed bytes in base64, as AWS answers with the KMS ciphertext.
 */
final class ParameterOperations {
    static final int STANDARD_MAX_BYTES = 4096;
    static final int ADVANCED_MAX_BYTES = 8192;
    static final int MAX_LEVELS = 15;
    static final int MAX_TAGS = 50;
    static final String DEFAULT_KEY = "alias/aws/ssm";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.\\-/]+");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z0-9_.\\-]+");
    private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");
    static final List<String> TYPES = List.of("String", "StringList", "SecureString");
    static final List<String> TIERS = List.of("Standard", "Advanced", "Intelligent-Tiering");

    private final SsmStore store;
    private final SecretBarrier barrier;
    private final SecretReferences references;

    ParameterOperations(SsmStore store, SecretBarrier barrier, SecretReferences references) {
        this.references = references;
        this.store = store;
        this.barrier = barrier;
    }

    void register(OperationRegistry registry) {
        registry.add("PutParameter", PutParameterRequest.class, (ctx, in) -> {
            Map<String, List<String>> keys = Access.requestTags(in.tags(), SsmShapes.Tag::key, SsmShapes.Tag::value);
            keys.put("ssm:Overwrite", List.of(String.valueOf(Boolean.TRUE.equals(in.overwrite()))));
            if (in.policies() != null) { // "ssm:Policies": the parameter policies the request sets
                keys.put("ssm:Policies", List.of(in.policies()));
            }
            // Tags on a new parameter also need ssm:AddTagsToResource (AWS: "to create an SSM parameter, you must
            // have the permissions ssm:PutParameter and ssm:AddTagsToResource", when it has tags).
            return Access.creating(SsmAccess.access(store, ctx, "ssm:PutParameter", in.name(), keys),
                    "ssm:AddTagsToResource");
        }, this::putParameter);
        registry.add("GetParameter", GetParameterRequest.class,
                SsmAccess.onParameter(store, "GetParameter", GetParameterRequest::name), this::getParameter);
        registry.add("GetParameters", GetParametersRequest.class,
                SsmAccess.onParameters(store, "GetParameters", GetParametersRequest::names), this::getParameters);
        registry.add("DeleteParameter", DeleteParameterRequest.class,
                SsmAccess.onParameter(store, "DeleteParameter", DeleteParameterRequest::name), this::deleteParameter);
        registry.add("DeleteParameters", DeleteParametersRequest.class,
                SsmAccess.onParameters(store, "DeleteParameters", DeleteParametersRequest::names), this::deleteParameters);
        registry.add("GetParameterHistory", GetParameterHistoryRequest.class,
                SsmAccess.onParameter(store, "GetParameterHistory", GetParameterHistoryRequest::name),
                this::getParameterHistory);
        registry.add("LabelParameterVersion", LabelParameterVersionRequest.class,
                SsmAccess.onParameter(store, "LabelParameterVersion", LabelParameterVersionRequest::name),
                this::labelParameterVersion);
        registry.add("UnlabelParameterVersion", UnlabelParameterVersionRequest.class,
                SsmAccess.onParameter(store, "UnlabelParameterVersion", UnlabelParameterVersionRequest::name),
                this::unlabelParameterVersion);
    }

    // ---------------------------------------------------------------- names

    /** Checks a name for PutParameter: AWS's characters, levels and reserved prefixes. */
    static void checkName(String name) {
        Validation.of().notNull("name", name).length("name", name, 1, 2048).check();
        if (!NAME.matcher(name).matches() || (name.contains("/") && !name.startsWith("/"))
                || name.contains("//") || name.endsWith("/")) {
            throw SsmErrors.invalidName();
        }
        String bare = (name.startsWith("/") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
        if (bare.startsWith("aws") || bare.startsWith("ssm")) {
            throw SsmErrors.reservedName(name.startsWith("/") && name.indexOf('/', 1) > 0);
        }
        if (name.split("/", -1).length - (name.startsWith("/") ? 1 : 0) > MAX_LEVELS) {
            throw SsmErrors.hierarchyTooDeep();
        }
    }

    /** The parameter a reference names, if it exists (an ARN's {@code parameter/x} is {@code /x} or {@code x}). */
    private Optional<String> existing(RequestContext ctx, ParameterReference ref) {
        if (!ref.isIn(ctx.accountId(), ctx.region())) {
            return Optional.empty();
        }
        if (store.exists(ctx.accountId(), ctx.region(), ref.name())) {
            return Optional.of(ref.name());
        }
        String other = ref.withoutSlash();
        return !other.equals(ref.name()) && store.exists(ctx.accountId(), ctx.region(), other)
                ? Optional.of(other) : Optional.empty();
    }

    // ---------------------------------------------------------------- PutParameter

    PutParameterResult putParameter(RequestContext ctx, PutParameterRequest in) {
        Validation v = Validation.of().notNull("name", in.name()).notNull("value", in.value())
                .oneOf("type", in.type(), TYPES).oneOf("tier", in.tier(), TIERS)
                .length("description", in.description(), 0, 1024).length("allowedPattern", in.allowedPattern(), 0, 1024)
                .length("keyId", in.keyId(), 1, 256).length("dataType", in.dataType(), 0, 128)
                .size("tags", in.tags(), 0, 1000);
        if (in.value() != null && in.value().isEmpty()) {
            v.sensitiveViolation("value", "Member must have length greater than or equal to 1");
        }
        v.check();
        checkName(in.name());
        boolean overwrite = Boolean.TRUE.equals(in.overwrite());
        if (overwrite && in.tags() != null && !in.tags().isEmpty()) {
            throw SsmErrors.tagsWithOverwrite();
        }
        Map<String, String> tags = tags(in.tags());
        String dataType = in.dataType();
        if (dataType != null && !dataType.equals("text") && !dataType.equals("aws:ec2:image")) {
            throw SsmErrors.unsupportedDataType(dataType);
        }
        if (in.allowedPattern() != null && !in.allowedPattern().isEmpty()) {
            AllowedPattern.compile(in.allowedPattern());
        }
        int size = in.value().getBytes(StandardCharsets.UTF_8).length;
        // The value is matched against its pattern (the request's, or the one the parameter has when it is to be
        // overwritten) before the write's transaction, which holds SQLite's only writer; inside, only a pattern that
        // differs from the one matched here is matched.
        String checked = in.allowedPattern() != null ? in.allowedPattern() : !overwrite ? null
                : store.latest(ctx.accountId(), ctx.region(), in.name()).map(ParameterVersion::allowedPattern)
                .orElse(null);
        checkPattern(checked, in.value());
        String arn = SsmAccess.arn(ctx.region(), ctx.accountId(), in.name());
        ParameterVersion stored;
        try {
            stored = put(ctx, in, tags, dataType, size, overwrite, arn, checked);
        } catch (SsmStore.TooManyUpdatesException e) {
            throw SsmErrors.tooManyUpdates();
        }
        return new PutParameterResult(stored.version(), stored.tier());
    }

    private ParameterVersion put(RequestContext ctx, PutParameterRequest in, Map<String, String> tags, String dataType,
                                 int size, boolean overwrite, String arn, String checked) {
        return store.put(ctx.accountId(), ctx.region(), in.name(), tags, (previous, next) -> {
            if (previous.isPresent() && !overwrite) {
                throw SsmErrors.alreadyExists();
            }
            ParameterVersion prev = previous.orElse(null);
            String type = in.type() != null ? in.type() : prev == null ? null : prev.type();
            if (type == null) {
                throw SsmErrors.typeRequired();
            }
            String pattern = in.allowedPattern() != null ? in.allowedPattern() : prev == null ? null
                    : prev.allowedPattern();
            if (!java.util.Objects.equals(pattern, checked)) {
                checkPattern(pattern, in.value());
            }
            String tier = tier(in.tier(), prev, size);
            String keyId = !type.equals("SecureString") ? null
                    : in.keyId() != null ? in.keyId()
                    : prev != null && prev.keyId() != null ? prev.keyId() : DEFAULT_KEY;
            String description = in.description() != null ? in.description() : prev == null ? null
                    : prev.description();
            String dt = dataType != null ? dataType : prev == null ? "text" : prev.dataType();
            String policies = in.policies() != null ? in.policies() : prev == null ? null : prev.policies();
            String value = type.equals("SecureString") ? null : in.value();
            Sealed sealed = type.equals("SecureString")
                    ? barrier.seal(in.value().getBytes(StandardCharsets.UTF_8), aad(arn, next)) : null;
            return new ParameterVersion(in.name(), next, type, value, sealed, description, pattern, keyId, tier, dt,
                    policies, ctx.receivedAt(), ctx.principal().arn(), List.of());
        });
    }

    private static void checkPattern(String pattern, String value) {
        if (pattern != null && !pattern.isEmpty()
                && !AllowedPattern.matches(AllowedPattern.compile(pattern), value)) {
            throw SsmErrors.patternMismatch(pattern);
        }
    }

    private static String tier(String requested, ParameterVersion prev, int size) {
        boolean wasAdvanced = prev != null && prev.tier().equals("Advanced");
        if (size > ADVANCED_MAX_BYTES) {
            throw SsmErrors.advancedTooLarge();
        }
        String tier;
        if (requested == null) {
            tier = wasAdvanced ? "Advanced" : "Standard";
        } else if (requested.equals("Intelligent-Tiering")) {
            tier = wasAdvanced || size > STANDARD_MAX_BYTES ? "Advanced" : "Standard";
        } else {
            tier = requested;
        }
        if (tier.equals("Standard") && wasAdvanced) {
            throw SsmErrors.downgrade();
        }
        if (tier.equals("Standard") && size > STANDARD_MAX_BYTES) {
            throw SsmErrors.standardTooLarge();
        }
        return tier;
    }

    static Map<String, String> tags(List<SsmShapes.Tag> tags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (tags == null) {
            return out;
        }
        List<String> violations = new ArrayList<>();
        for (SsmShapes.Tag t : tags) {
            if (t.key() == null || t.key().isEmpty() || t.key().length() > 128 || !TAG_TEXT.matcher(t.key()).matches()) {
                violations.add("Value '" + t.key() + "' at 'tags.member.key' failed to satisfy constraint: Member must "
                        + "satisfy regular expression pattern: " + TAG_TEXT.pattern() + " and have length between 1 and 128");
            } else if (t.value() == null || t.value().length() > 256 || !TAG_TEXT.matcher(t.value()).matches()) {
                violations.add("Value '" + t.value() + "' at 'tags.member.value' failed to satisfy constraint: Member "
                        + "must satisfy regular expression pattern: " + TAG_TEXT.pattern()
                        + " and have length less than or equal to 256");
            } else {
                out.put(t.key(), t.value());
            }
        }
        if (!violations.isEmpty()) {
            throw SsmErrors.validation(violations);
        }
        if (out.size() > MAX_TAGS) {
            throw SsmErrors.tooManyTags();
        }
        return out;
    }

    static String aad(String arn, long version) {
        return arn + "|" + version;
    }

    // ---------------------------------------------------------------- reading

    /** The value an answer carries: a SecureString's plaintext only WithDecryption, else its sealed bytes. */
    String value(RequestContext ctx, ParameterVersion v, boolean decrypt) {
        if (v.sealed() == null) {
            return v.value();
        }
        if (!decrypt) {
            return Base64.getEncoder().encodeToString(v.sealed().bytes());
        }
        String arn = SsmAccess.arn(ctx.region(), ctx.accountId(), v.name());
        return new String(barrier.open(v.sealed(), aad(arn, v.version())), StandardCharsets.UTF_8);
    }

    Parameter view(RequestContext ctx, ParameterVersion v, boolean decrypt, String selector) {
        return new Parameter(v.name(), v.type(), value(ctx, v, decrypt), v.version(),
                selector == null ? null : ":" + selector, null, v.modifiedAt(),
                SsmAccess.arn(ctx.region(), ctx.accountId(), v.name()), v.dataType());
    }

    /** The version a reference selects; empty when the parameter doesn't exist, an error when the version doesn't. */
    private Optional<ParameterVersion> resolve(RequestContext ctx, ParameterReference ref) {
        Optional<String> name = existing(ctx, ref);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        String account = ctx.accountId();
        if (ref.selector() == null) {
            return store.latest(account, ctx.region(), name.get());
        }
        Long version = ref.version();
        Optional<ParameterVersion> v = version != null ? store.version(account, ctx.region(), name.get(), version)
                : store.labelled(account, ctx.region(), name.get(), ref.selector());
        if (v.isEmpty()) {
            throw SsmErrors.versionNotFound(name.get(), ref.selector());
        }
        return v;
    }

    GetParameterResult getParameter(RequestContext ctx, GetParameterRequest in) {
        Validation.of().notNull("name", in.name()).length("name", in.name(), 1, 2048).check();
        if (SecretReferences.isReference(in.name())) {
            return new GetParameterResult(references.get(ctx, in.name(), Boolean.TRUE.equals(in.withDecryption())));
        }
        ParameterReference ref = ParameterReference.parse(in.name());
        ParameterVersion v = resolve(ctx, ref).orElseThrow(() -> SsmErrors.parameterNotFound(in.name()));
        return new GetParameterResult(view(ctx, v, Boolean.TRUE.equals(in.withDecryption()), ref.selector()));
    }

    GetParametersResult getParameters(RequestContext ctx, GetParametersRequest in) {
        Validation.of().notNull("names", in.names()).size("names", in.names(), 1, 10).check();
        List<Parameter> found = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String name : new java.util.LinkedHashSet<>(in.names())) {
            if (SecretReferences.isReference(name)) {
                // A reference that can't be answered (missing, malformed, without decryption) is only invalid here.
                try {
                    found.add(references.get(ctx, name, Boolean.TRUE.equals(in.withDecryption())));
                } catch (dev.homeport.protocol.AwsServiceException e) {
                    if ("AccessDeniedException".equals(e.errorType())) {
                        throw e;
                    }
                    invalid.add(name);
                }
                continue;
            }
            ParameterReference ref = ParameterReference.parse(name);
            Optional<ParameterVersion> v;
            try {
                v = resolve(ctx, ref);
            } catch (dev.homeport.protocol.AwsServiceException e) {
                v = Optional.empty();
            }
            if (v.isPresent()) {
                found.add(view(ctx, v.get(), Boolean.TRUE.equals(in.withDecryption()), ref.selector()));
            } else {
                invalid.add(name);
            }
        }
        return new GetParametersResult(found, invalid);
    }

    Empty deleteParameter(RequestContext ctx, DeleteParameterRequest in) {
        Validation.of().notNull("name", in.name()).length("name", in.name(), 1, 2048).check();
        String name = existing(ctx, ParameterReference.parse(in.name()))
                .orElseThrow(() -> SsmErrors.parameterNotFound(in.name()));
        if (!store.delete(ctx.accountId(), ctx.region(), name)) {
            throw SsmErrors.parameterNotFound(in.name());
        }
        return new Empty();
    }

    DeleteParametersResult deleteParameters(RequestContext ctx, DeleteParametersRequest in) {
        Validation.of().notNull("names", in.names()).size("names", in.names(), 1, 10).check();
        List<String> deleted = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String given : new java.util.LinkedHashSet<>(in.names())) {
            Optional<String> name = existing(ctx, ParameterReference.parse(given));
            if (name.isPresent() && store.delete(ctx.accountId(), ctx.region(), name.get())) {
                deleted.add(given);
            } else {
                invalid.add(given);
            }
        }
        return new DeleteParametersResult(deleted, invalid);
    }

    GetParameterHistoryResult getParameterHistory(RequestContext ctx, GetParameterHistoryRequest in) {
        Validation.of().notNull("name", in.name()).length("name", in.name(), 1, 2048)
                .range("maxResults", in.maxResults(), 1, 50).check();
        ParameterReference ref = ParameterReference.parse(in.name());
        String name = existing(ctx, ref).orElseThrow(() -> SsmErrors.parameterNotFound(in.name()));
        List<ParameterVersion> all = store.history(ctx.accountId(), ctx.region(), name);
        long after = 0;
        if (in.nextToken() != null) {
            after = PageTokens.decode(in.nextToken()).flatMap(ParameterOperations::number)
                    .orElseThrow(SsmErrors::invalidNextToken);
        }
        int limit = in.maxResults() == null ? 50 : in.maxResults();
        boolean decrypt = Boolean.TRUE.equals(in.withDecryption());
        List<ParameterHistory> page = new ArrayList<>();
        String next = null;
        for (ParameterVersion v : all) {
            if (v.version() <= after) {
                continue;
            }
            if (page.size() == limit) {
                next = PageTokens.encode(String.valueOf(page.getLast().version()));
                break;
            }
            page.add(new ParameterHistory(v.name(), v.type(), v.keyId(), v.modifiedAt(), v.modifiedBy(),
                    v.description(), value(ctx, v, decrypt), v.allowedPattern(), v.version(), v.labels(), v.tier(),
                    List.of(), v.dataType()));
        }
        return new GetParameterHistoryResult(page, next);
    }

    private static Optional<Long> number(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---------------------------------------------------------------- labels

    /** AWS's rules for a label: letters, digits, {@code . - _}; not starting with a digit, "aws" or "ssm". */
    static boolean validLabel(String label) {
        String lower = label.toLowerCase(Locale.ROOT);
        return LABEL.matcher(label).matches() && !Character.isDigit(label.charAt(0)) && !lower.startsWith("aws")
                && !lower.startsWith("ssm");
    }

    private static void checkLabels(List<String> labels) {
        Validation v = Validation.of().notNull("labels", labels).size("labels", labels, 1, 10);
        if (labels != null && labels.stream().anyMatch(l -> l.isEmpty() || l.length() > 100)) {
            v.violation("labels", labels.toString(), "Member must satisfy constraint: [Member must have length less "
                    + "than or equal to 100, Member must have length greater than or equal to 1]");
        }
        v.check();
    }

    LabelParameterVersionResult labelParameterVersion(RequestContext ctx, LabelParameterVersionRequest in) {
        Validation.of().notNull("name", in.name()).length("name", in.name(), 1, 2048).check();
        checkLabels(in.labels());
        List<String> valid = new ArrayList<>();
        List<String> invalid = new ArrayList<>();
        for (String label : new java.util.LinkedHashSet<>(in.labels())) {
            (validLabel(label) ? valid : invalid).add(label);
        }
        String name = existing(ctx, ParameterReference.parse(in.name()))
                .orElseThrow(() -> SsmErrors.parameterNotFound(in.name()));
        SsmStore.Labelled result = store.label(ctx.accountId(), ctx.region(), name, in.parameterVersion(), valid);
        return switch (result.outcome()) {
            case PARAMETER_NOT_FOUND -> throw SsmErrors.parameterNotFound(in.name());
            case VERSION_NOT_FOUND -> throw SsmErrors.versionNotFound(name, String.valueOf(result.version()));
            case LABEL_LIMIT -> throw SsmErrors.labelLimit();
            case DONE -> new LabelParameterVersionResult(invalid, result.version());
        };
    }

    UnlabelParameterVersionResult unlabelParameterVersion(RequestContext ctx, UnlabelParameterVersionRequest in) {
        Validation.of().notNull("name", in.name()).length("name", in.name(), 1, 2048)
                .notNull("parameterVersion", in.parameterVersion()).check();
        checkLabels(in.labels());
        String name = existing(ctx, ParameterReference.parse(in.name()))
                .orElseThrow(() -> SsmErrors.parameterNotFound(in.name()));
        List<String> labels = List.copyOf(new java.util.LinkedHashSet<>(in.labels()));
        List<String> removed = store.unlabel(ctx.accountId(), ctx.region(), name, in.parameterVersion(), labels);
        if (removed == null) {
            throw SsmErrors.versionNotFound(name, String.valueOf(in.parameterVersion()));
        }
        List<String> invalid = labels.stream().filter(l -> !removed.contains(l)).toList();
        return new UnlabelParameterVersionResult(removed, invalid);
    }
}
