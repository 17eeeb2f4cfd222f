package org.scimbridge.bridge.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code --name value} options after the command; unknown or repeated options are errors, not silently ignored. */
public final class Arguments {

    private final Map<String, String> options;

    private Arguments(Map<String, String> options) {
        this.options = options;
    }

    public static Arguments parse(String[] args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (!name.startsWith("--") || name.length() < 3) {
                throw new IllegalArgumentException("unexpected argument '" + name + "'");
            }
            String value;
            int equals = name.indexOf('=');
            if (equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("option " + name + " needs a value");
            }
            if (options.put(name.substring(2), value) != null) {
                throw new IllegalArgumentException("option " + name + " given twice");
            }
        }
        return new Arguments(options);
    }

    /** Fails when an option outside {@code allowed} was given. */
    public Arguments allow(Set<String> allowed) {
        for (String name : options.keySet()) {
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return this;
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public String required(String name) {
        return value(name).orElseThrow(() -> new IllegalArgumentException("option --" + name + " is required"));
    }

    public int integer(String name, int defaultValue, int min, int max) {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.get());
            if (value < min || value > max) {
                throw new IllegalArgumentException("--" + name + " must be between " + min + " and " + max);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number");
        }
    }
}
