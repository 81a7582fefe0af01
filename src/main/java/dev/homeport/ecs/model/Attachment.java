package dev.homeport.ecs.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A task attachment; Fargate tasks have one {@code ElasticNetworkInterface}. Immutable: part of a {@link Task}.
 * {@code details} is never null.
 */
public record Attachment(
        String id,
        String type,
        AttachmentStatus status,
        List<KeyValuePair> details) {

    /** The type of the network interface attachment every awsvpc task has. */
    public static final String ENI = "ElasticNetworkInterface";

    public Attachment {
        details = details == null ? List.of() : List.copyOf(details);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A copy with {@code change} applied to its builder. */
    public Attachment with(UnaryOperator<Builder> change) {
        return change.apply(toBuilder()).build();
    }

    public String detail(String name) {
        for (KeyValuePair kv : details) {
            if (kv.name().equals(name)) {
                return kv.value();
            }
        }
        return null;
    }

    /** A copy with the detail {@code name} set to {@code value} (removed when null), keeping the others' order. */
    public Attachment withDetail(String name, String value) {
        List<KeyValuePair> out = new ArrayList<>(details);
        int at = -1;
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i).name().equals(name)) {
                at = i;
            }
        }
        if (at >= 0) {
            out.remove(at);
        }
        if (value != null) {
            out.add(at >= 0 ? at : out.size(), new KeyValuePair(name, value));
        }
        return with(b -> b.details(out));
    }

    public static final class Builder {
        private String id;
        private String type;
        private AttachmentStatus status;
        private List<KeyValuePair> details;

        private Builder() {
        }

        private Builder(Attachment from) {
            this.id = from.id;
            this.type = from.type;
            this.status = from.status;
            this.details = from.details;
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder type(String type) {
            this.type = type;
            return this;
        }

        public Builder status(AttachmentStatus status) {
            this.status = status;
            return this;
        }

        public Builder details(List<KeyValuePair> details) {
            this.details = details;
            return this;
        }

        public Attachment build() {
            return new Attachment(id, type, status, details);
        }
    }
}
