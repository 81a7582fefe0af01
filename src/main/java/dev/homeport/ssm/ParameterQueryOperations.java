package dev.homeport.ssm;

import dev.homeport.common.PageTokens;
import dev.homeport.protocol.Access;
import dev.homeport.protocol.OperationRegistry;
import dev.homeport.protocol.RequestContext;
import dev.homeport.protocol.Validation;
import dev.homeport.ssm.SsmShapes.DescribeParametersRequest;
import dev.homeport.ssm.SsmShapes.DescribeParametersResult;
import dev.homeport.ssm.SsmShapes.GetParametersByPathRequest;
import dev.homeport.ssm.SsmShapes.GetParametersByPathResult;
import dev.homeport.ssm.SsmShapes.Parameter;
import dev.homeport.ssm.SsmShapes.ParameterMetadata;
import dev.homeport.ssm.SsmShapes.ParameterStringFilter;
import dev.homeport.ssm.SsmShapes.ParametersFilter;
import dev.homeport.ssm.SsmStore.ParameterVersion;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * GetParametersByPath and DescribeParameters: the latest version of the account's parameters in its region, by name,
 * filtered, a page at a time (the token is the last name of the page). Names are compared with a leading slash, so a
 * top-level name without one is under the path {@code /}, as on AWS.
 */
final class ParameterQueryOperations {
    private static final Pattern PATH = Pattern.compile("/|(/[a-zA-Z0-9_.\\-]+)+/?");
    private static final Pattern FILTER_KEY = Pattern.compile("tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType");
    private static final List<String> OLD_FILTER_KEYS = List.of("Name", "Type", "KeyId");

    private final SsmStore store;
    private final ParameterOperations parameters;

    ParameterQueryOperations(SsmStore store, ParameterOperations parameters) {
        this.store = store;
        this.parameters = parameters;
    }

    void register(OperationRegistry registry) {
        registry.add("GetParametersByPath", GetParametersByPathRequest.class,
                (ctx, in) -> List.of(SsmAccess.access(store, ctx, "ssm:GetParametersByPath", in.path(),
                        Map.of("ssm:Recursive", List.of(String.valueOf(Boolean.TRUE.equals(in.recursive())))))),
                this::getParametersByPath);
        registry.add("DescribeParameters", DescribeParametersRequest.class,
                (ctx, in) -> List.of(Access.toAny("ssm:DescribeParameters")), this::describeParameters);
    }

    /** A name as compared with paths: with its leading slash. */
    private static String slashed(String name) {
        return name.startsWith("/") ? name : "/" + name;
    }

    /** Whether {@code name} lies under {@code path}: directly, or at any depth when recursive. */
    static boolean under(String name, String path, boolean recursive) {
        String n = slashed(name);
        String p = path.endsWith("/") ? path : path + "/";
        if (!n.startsWith(p) || n.length() == p.length()) {
            return false;
        }
        return recursive || n.indexOf('/', p.length()) < 0;
    }

    private static void checkPath(String path) {
        String bare = path.length() > 1 ? path.substring(1).toLowerCase(Locale.ROOT) : "";
        if (!PATH.matcher(path).matches() || bare.startsWith("aws") || bare.startsWith("ssm")) {
            throw SsmErrors.invalidPathFilter();
        }
    }

    GetParametersByPathResult getParametersByPath(RequestContext ctx, GetParametersByPathRequest in) {
        Validation.of().notNull("path", in.path()).length("path", in.path(), 1, 2048)
                .range("maxResults", in.maxResults(), 1, 10).check();
        checkPath(in.path());
        List<ParameterStringFilter> given = in.parameterFilters() == null ? List.of() : in.parameterFilters();
        checkShape(given);
        List<Predicate<ParameterVersion>> filters = filters(ctx, given, Scope.BY_PATH);
        boolean recursive = Boolean.TRUE.equals(in.recursive());
        List<ParameterVersion> matching = store.listLatest(ctx.accountId(), ctx.region()).stream()
                .filter(v -> under(v.name(), in.path(), recursive))
                .filter(v -> filters.stream().allMatch(f -> f.test(v))).toList();
        Page<ParameterVersion> page = page(matching, in.nextToken(), in.maxResults() == null ? 10 : in.maxResults());
        boolean decrypt = Boolean.TRUE.equals(in.withDecryption());
        List<Parameter> out = page.items().stream().map(v -> parameters.view(ctx, v, decrypt, null)).toList();
        return new GetParametersByPathResult(out, page.next());
    }

    DescribeParametersResult describeParameters(RequestContext ctx, DescribeParametersRequest in) {
        Validation.of().range("maxResults", in.maxResults(), 1, 50).check();
        if (in.filters() != null && !in.filters().isEmpty() && in.parameterFilters() != null
                && !in.parameterFilters().isEmpty()) {
            throw SsmErrors.bothFilters();
        }
        List<ParameterStringFilter> given;
        if (in.filters() != null && !in.filters().isEmpty()) {
            given = oldFilters(in.filters());
        } else {
            given = in.parameterFilters() == null ? List.of() : in.parameterFilters();
            checkShape(given);
        }
        List<Predicate<ParameterVersion>> filters = filters(ctx, given, Scope.DESCRIBE);
        List<ParameterVersion> matching = store.listLatest(ctx.accountId(), ctx.region()).stream()
                .filter(v -> filters.stream().allMatch(f -> f.test(v))).toList();
        Page<ParameterVersion> page = page(matching, in.nextToken(), in.maxResults() == null ? 50 : in.maxResults());
        List<ParameterMetadata> out = page.items().stream().map(v -> new ParameterMetadata(v.name(),
                SsmAccess.arn(ctx.region(), ctx.accountId(), v.name()), v.type(), v.keyId(), v.modifiedAt(),
                v.modifiedBy(), v.description(), v.allowedPattern(), v.version(), v.tier(), List.of(), v.dataType()))
                .toList();
        return new DescribeParametersResult(out, page.next());
    }

    record Page<T>(List<T> items, String next) {
    }

    private static Page<ParameterVersion> page(List<ParameterVersion> all, String token, int limit) {
        String after = token == null ? null : PageTokens.decode(token).orElseThrow(SsmErrors::invalidNextToken);
        List<ParameterVersion> items = new ArrayList<>();
        String next = null;
        for (ParameterVersion v : all) {
            if (after != null && v.name().compareTo(after) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                next = PageTokens.encode(items.getLast().name());
                break;
            }
            items.add(v);
        }
        return new Page<>(items, next);
    }

    /** What one operation accepts in ParameterFilters (the API reference's ParameterStringFilter). */
    private enum Scope {
        /** DescribeParameters: every key but Label; Name also takes Contains; Path takes OneLevel/Recursive. */
        DESCRIBE(List.of("Path", "Name", "Type", "KeyId", "Tier", "DataType"), true),
        /** GetParametersByPath: Type, KeyId and Label (Equals only); no tag, DataType, Name, Path or Tier. */
        BY_PATH(List.of("Type", "KeyId", "Label"), false);

        final List<String> keys;
        final boolean tags;

        Scope(List<String> keys, boolean tags) {
            this.keys = keys;
            this.tags = tags;
        }

        boolean accepts(String key) {
            return isTag(key) ? tags : keys.contains(key);
        }
    }

    /** The options a key takes, in the order AWS lists them when refusing another (Label: by path only). */
    private static List<String> optionsOf(String key) {
        return switch (key) {
            case "Path" -> List.of("Recursive", "OneLevel");
            case "Name" -> List.of("BeginsWith", "Equals", "Contains");
            case "Label" -> List.of("Equals");
            default -> List.of("BeginsWith", "Equals");
        };
    }

    private static boolean isTag(String key) {
        return key.startsWith("tag:") && key.length() > 4;
    }

    /**
     * The members' constraints from the service model, all at once as ValidationException, before any filter is
     * read: a key outside {@code tag:.+|Name|Type|KeyId|Path|Label|Tier|DataType} is refused here, not as
     * InvalidFilterKey (which is for a key the operation doesn't take). A null filter or value never gets this far:
     * the protocol refuses nulls in lists.
     */
    private static void checkShape(List<ParameterStringFilter> given) {
        Validation v = Validation.of();
        for (int i = 0; i < given.size(); i++) {
            ParameterStringFilter f = given.get(i);
            String at = "parameterFilters." + (i + 1) + ".member.";
            v.notNull(at + "key", f.key()).length(at + "key", f.key(), 1, 132).pattern(at + "key", f.key(), FILTER_KEY)
                    .length(at + "option", f.option(), 1, 10).size(at + "values", f.values(), 1, 50);
            checkValues(v, at + "values", f.values());
        }
        v.check();
    }

    /** Each value of a filter 1 to 1024 characters, worded as AWS words a constraint on a list's members. */
    private static void checkValues(Validation v, String at, List<String> values) {
        if (values != null && values.stream().anyMatch(s -> s.isEmpty() || s.length() > 1024)) {
            v.violation(at, values.toString(), "Member must satisfy constraint: [Member must have length less than "
                    + "or equal to 1024, Member must have length greater than or equal to 1]");
        }
    }

    /** The deprecated Filters of DescribeParameters (keys Name, Type and KeyId), as ParameterFilters with Equals. */
    private static List<ParameterStringFilter> oldFilters(List<ParametersFilter> given) {
        Validation v = Validation.of();
        for (int i = 0; i < given.size(); i++) {
            ParametersFilter f = given.get(i);
            String at = "filters." + (i + 1) + ".member.";
            v.notNull(at + "key", f.key()).oneOf(at + "key", f.key(), OLD_FILTER_KEYS)
                    .notNull(at + "values", f.values()).size(at + "values", f.values(), 1, 50);
            checkValues(v, at + "values", f.values());
        }
        v.check();
        return given.stream().map(f -> new ParameterStringFilter(f.key(), "Equals", f.values())).toList();
    }

    /** ParameterFilters as predicates, checked with AWS's rules and words, filter by filter. */
    private List<Predicate<ParameterVersion>> filters(RequestContext ctx, List<ParameterStringFilter> given,
                                                      Scope scope) {
        List<Predicate<ParameterVersion>> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ParameterStringFilter f : given) {
            String key = f.key();
            if (!scope.accepts(key)) {
                throw SsmErrors.invalidFilterKey(key, scope.keys);
            }
            if (f.values() == null && !isTag(key)) {
                throw SsmErrors.missingFilterValues(key);
            }
            if (!seen.add(key)) {
                throw SsmErrors.duplicateFilter(key);
            }
            List<String> values = f.values() == null ? List.of() : f.values();
            String option = f.option() != null ? f.option() : key.equals("Path") ? "OneLevel" : "Equals";
            List<String> options = optionsOf(isTag(key) ? "tag:" : key);
            if (!options.contains(option)) {
                throw SsmErrors.invalidFilterOption(option, options);
            }
            switch (key) {
                case "Path" -> checkPathValues(values);
                case "Type" -> checkValuesIn(values, ParameterOperations.TYPES);
                case "Tier" -> checkValuesIn(values, ParameterOperations.TIERS);
                default -> {
                }
            }
            out.add(predicate(ctx, key, option, values));
        }
        return out;
    }

    private static void checkPathValues(List<String> values) {
        for (String value : values) {
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.startsWith("/aws") || lower.startsWith("/ssm")) {
                throw SsmErrors.reservedPathFilter();
            }
        }
        values.forEach(ParameterQueryOperations::checkPath);
    }

    private static void checkValuesIn(List<String> values, List<String> valid) {
        values.stream().filter(val -> !valid.contains(val)).findFirst().ifPresent(val -> {
            throw SsmErrors.invalidFilterValue(val, valid);
        });
    }

    /** One filter: true when the parameter matches any of its values (filters themselves are ANDed). */
    private Predicate<ParameterVersion> predicate(RequestContext ctx, String key, String option, List<String> values) {
        if (isTag(key)) {
            String tagKey = key.substring(4);
            return v -> {
                String value = store.tags(ctx.accountId(), ctx.region(), v.name()).get(tagKey);
                return value != null && (values.isEmpty() || match(value, option, values));
            };
        }
        return switch (key) {
            case "Path" -> v -> values.stream().anyMatch(p -> under(v.name(), p, option.equals("Recursive")));
            // Names are compared with their leading slash, so "a" and "/a" name the same parameter; Contains looks
            // for the value as given anywhere in that slashed name.
            case "Name" -> v -> values.stream().anyMatch(val -> switch (option) {
                case "BeginsWith" -> slashed(v.name()).startsWith(slashed(val));
                case "Contains" -> slashed(v.name()).contains(val);
                default -> slashed(v.name()).equals(slashed(val));
            });
            case "Type" -> v -> match(v.type(), option, values);
            case "Tier" -> v -> match(v.tier(), option, values);
            case "KeyId" -> v -> v.keyId() != null && match(v.keyId(), option, values);
            case "DataType" -> v -> match(v.dataType(), option, values);
            // Label takes Equals only: one lookup per label, not the parameter's whole history with its labels.
            case "Label" -> v -> values.stream()
                    .anyMatch(l -> store.labelled(ctx.accountId(), ctx.region(), v.name(), l).isPresent());
            default -> throw new IllegalStateException("filter key " + key);
        };
    }

    private static boolean match(String actual, String option, List<String> values) {
        boolean begins = "BeginsWith".equals(option);
        return values.stream().anyMatch(v -> begins ? actual.startsWith(v) : actual.equals(v));
    }
}
