package dev.homeport.ecs.model;

import java.util.ArrayList;
import java.util.List;

/** A task attachment; Fargate tasks have one {@code ElasticNetworkInterface}. Mutable: part of a task document. */
public final class Attachment {
    public String id;
    public String type;
    public String status;
    public List<KeyValuePair> details = new ArrayList<>();

    public String detail(String name) {
        for (KeyValuePair kv : details) {
            if (kv.name().equals(name)) {
                return kv.value();
            }
        }
        return null;
    }

    public void putDetail(String name, String value) {
        details.removeIf(kv -> kv.name().equals(name));
        if (value != null) {
            details.add(new KeyValuePair(name, value));
        }
    }
}
