package org.scimbridge.mapping.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A YAML node that knows its file and dotted key, so every accessor fails with a {@link ConfigException} that says where.
 * Unknown keys are errors: a misspelt key silently ignored is how appliances end up misconfigured.
 */
public final class YamlNode {

    private final String file;
    private final String key;
    private final JsonNode node;

    public YamlNode(String file, String key, JsonNode node) {
        this.file = file;
        this.key = key;
        this.node = node;
    }

    public String key() {
        return key;
    }

    public boolean isMissing() {
        return node == null || node.isMissingNode() || node.isNull();
    }

    public boolean isText() {
        return !isMissing() && node.isValueNode();
    }

    public boolean isObject() {
        return !isMissing() && node.isObject();
    }

    public YamlNode get(String child) {
        JsonNode value = isObject() ? node.get(child) : null;
        return new YamlNode(file, key.isEmpty() ? child : key + "." + child, value);
    }

    public ConfigException error(String reason) {
        return new ConfigException(file, key, reason);
    }

    public String text() {
        if (isMissing()) {
            throw error("is required");
        }
        if (!node.isValueNode()) {
            throw error("must be a single value, not " + (node.isArray() ? "a list" : "a map"));
        }
        String text = node.asText().strip();
        if (text.isEmpty()) {
            throw error("must not be empty");
        }
        return text;
    }

    public String text(String defaultValue) {
        return isMissing() ? defaultValue : text();
    }

    public List<String> textList() {
        if (isMissing()) {
            throw error("is required");
        }
        if (node.isValueNode()) {
            return List.of(text());
        }
        if (!node.isArray()) {
            throw error("must be a list");
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            values.add(new YamlNode(file, key + "[" + i + "]", node.get(i)).text());
        }
        if (values.isEmpty()) {
            throw error("must not be an empty list");
        }
        return values;
    }

    /** The items of a list. */
    public List<YamlNode> items() {
        if (isMissing() || !node.isArray()) {
            throw error("must be a list");
        }
        List<YamlNode> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            items.add(new YamlNode(file, key + "[" + i + "]", node.get(i)));
        }
        return items;
    }

    /** The entries of a map, in file order. */
    public Map<String, YamlNode> entries() {
        if (!isObject()) {
            throw error(isMissing() ? "is required" : "must be a map of keys to values");
        }
        Map<String, YamlNode> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            entries.put(field.getKey(), new YamlNode(file, key.isEmpty() ? field.getKey() : key + "." + field.getKey(),
                    field.getValue()));
        }
        return entries;
    }

    /** Fails on the first key of this map that is not in {@code known}. */
    public void rejectUnknownKeys(Set<String> known) {
        if (isMissing()) {
            return;
        }
        for (String child : entries().keySet()) {
            if (!known.contains(child)) {
                throw get(child).error("unknown key; expected one of " + known.stream().sorted().toList());
            }
        }
    }
}
