package dev.homeport.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A repository's lifecycle policy, as ECR reads and applies it ("Lifecycle policies" in ECR's user guide): rules in
 * {@code rulePriority} order (lowest first), each selecting images by {@code tagStatus} ({@code tagged} with
 * {@code tagPrefixList} or {@code tagPatternList}, {@code untagged}, {@code any}) and expiring those beyond
 * {@code imageCountMoreThan} (newest kept) or pushed more than {@code sinceImagePushed} days ago. An image is
 * claimed by the first rule that selects it: a later rule neither expires it nor counts it. A rule with
 * {@code tagStatus: any} must have the highest {@code rulePriority}.
 */
public final class LifecyclePolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum TagStatus { TAGGED, UNTAGGED, ANY }

    enum CountType { IMAGE_COUNT_MORE_THAN, SINCE_IMAGE_PUSHED }

    record Rule(int priority, TagStatus tagStatus, List<String> prefixes, List<String> patterns, CountType countType,
                int countNumber) {

        boolean selects(EcrStore.Image image) {
            return switch (tagStatus) {
                case ANY -> true;
                case UNTAGGED -> image.tags().isEmpty();
                case TAGGED -> image.tags().stream().anyMatch(t -> prefixes.stream().anyMatch(t::startsWith)
                        || patterns.stream().anyMatch(p -> wildcard(p, t)));
            };
        }
    }

    /** An image the policy expires, and the rule that does. */
    public record Expiry(EcrStore.Image image, int rulePriority) {
    }

    private final List<Rule> rules;

    private LifecyclePolicy(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * Reads a policy document.
     *
     * @throws IllegalArgumentException with what is wrong, for ECR's "Lifecycle policy validation failure" answer
     */
    public static LifecyclePolicy parse(String text) {
        JsonNode doc;
        try {
            doc = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Could not map policyString into LifecyclePolicy.");
        }
        if (doc == null || !doc.path("rules").isArray() || doc.path("rules").isEmpty()) {
            throw new IllegalArgumentException("object has missing required properties ([\"rules\"])");
        }
        List<Rule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        for (JsonNode r : doc.path("rules")) {
            int priority = r.path("rulePriority").asInt(0);
            if (priority < 1 || !priorities.add(priority)) {
                throw new IllegalArgumentException("rulePriority must be a unique positive integer");
            }
            JsonNode s = r.path("selection");
            TagStatus status = switch (s.path("tagStatus").asText()) {
                case "tagged" -> TagStatus.TAGGED;
                case "untagged" -> TagStatus.UNTAGGED;
                case "any" -> TagStatus.ANY;
                default -> throw new IllegalArgumentException("tagStatus must be tagged, untagged or any");
            };
            List<String> prefixes = strings(s.path("tagPrefixList"));
            List<String> patterns = strings(s.path("tagPatternList"));
            if (status == TagStatus.TAGGED && prefixes.isEmpty() == patterns.isEmpty()) {
                throw new IllegalArgumentException("tagPrefixList or tagPatternList (not both) is required when "
                        + "tagStatus is tagged");
            }
            CountType countType = switch (s.path("countType").asText()) {
                case "imageCountMoreThan" -> CountType.IMAGE_COUNT_MORE_THAN;
                case "sinceImagePushed" -> CountType.SINCE_IMAGE_PUSHED;
                default -> throw new IllegalArgumentException("countType must be imageCountMoreThan or "
                        + "sinceImagePushed");
            };
            if (countType == CountType.SINCE_IMAGE_PUSHED && !"days".equals(s.path("countUnit").asText())) {
                throw new IllegalArgumentException("countUnit must be days when countType is sinceImagePushed");
            }
            int count = s.path("countNumber").asInt(0);
            if (count < 1) {
                throw new IllegalArgumentException("countNumber must be a positive integer");
            }
            if (!"expire".equals(r.path("action").path("type").asText())) {
                throw new IllegalArgumentException("action type must be expire");
            }
            rules.add(new Rule(priority, status, prefixes, patterns, countType, count));
        }
        rules.sort(Comparator.comparingInt(Rule::priority));
        for (int i = 0; i < rules.size() - 1; i++) {
            if (rules.get(i).tagStatus() == TagStatus.ANY) {
                throw new IllegalArgumentException("the rule with tagStatus any must have the highest rulePriority");
            }
        }
        return new LifecyclePolicy(List.copyOf(rules));
    }

    /** The images the policy expires now, in rule order. */
    public List<Expiry> evaluate(List<EcrStore.Image> images, Instant now) {
        List<Expiry> out = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (Rule rule : rules) {
            List<EcrStore.Image> selected = images.stream().filter(i -> !claimed.contains(i.digest()))
                    .filter(rule::selects)
                    .sorted(Comparator.comparingLong(EcrStore.Image::pushedAt).reversed()
                            .thenComparing(EcrStore.Image::digest))
                    .toList();
            for (int i = 0; i < selected.size(); i++) {
                EcrStore.Image image = selected.get(i);
                claimed.add(image.digest());
                boolean expires = rule.countType() == CountType.IMAGE_COUNT_MORE_THAN ? i >= rule.countNumber()
                        : Instant.ofEpochMilli(image.pushedAt()).isBefore(now.minus(Duration.ofDays(rule.countNumber())));
                if (expires) {
                    out.add(new Expiry(image, rule.priority()));
                }
            }
        }
        return out;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** ECR's tag patterns: {@code *} matches any characters, everything else itself. */
    static boolean wildcard(String pattern, String tag) {
        String[] parts = pattern.split("\\*", -1);
        if (!tag.startsWith(parts[0])) {
            return false;
        }
        int at = parts[0].length();
        for (int i = 1; i < parts.length - 1; i++) {
            int found = tag.indexOf(parts[i], at);
            if (found < 0) {
                return false;
            }
            at = found + parts[i].length();
        }
        String last = parts[parts.length - 1];
        return parts.length == 1 ? tag.equals(pattern) : tag.length() - at >= last.length() && tag.endsWith(last);
    }
}
