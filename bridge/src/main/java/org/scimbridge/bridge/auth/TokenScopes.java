package org.scimbridge.bridge.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token may do: {@code read} (GET and {@code .search}), {@code write} (POST, PUT, PATCH, DELETE), and optionally
 * only on one resource type ({@code Users} or {@code Groups}). Written as a list such as {@code [read, write, Users]}.
 * Write does not imply read: an IdP that only pushes changes needs no read access to the directory.
 *
 * @param read     may query
 * @param write    may change
 * @param resource the one resource type it is limited to; every resource type when empty
 */
public record TokenScopes(boolean read, boolean write, Optional<String> resource) {

    /** What a token file entry without {@code scopes} (the format before scopes existed) means. */
    public static final TokenScopes ALL = new TokenScopes(true, true, Optional.empty());
    private static final List<String> RESOURCES = List.of("Users", "Groups");

    public TokenScopes {
        if (!read && !write) {
            throw new IllegalArgumentException("scopes must include read or write");
        }
    }

    /** Parses {@code read}, {@code write}, {@code Users}, {@code Groups} (case-insensitive); anything else is refused. */
    public static TokenScopes parse(List<String> words) {
        boolean read = false;
        boolean write = false;
        Optional<String> resource = Optional.empty();
        for (String word : words) {
            String w = word.strip();
            switch (w.toLowerCase(Locale.ROOT)) {
                case "read" -> read = true;
                case "write" -> write = true;
                case "users", "groups" -> {
                    String type = RESOURCES.stream().filter(r -> r.equalsIgnoreCase(w)).findFirst().orElseThrow();
                    if (resource.isPresent() && !resource.get().equals(type)) {
                        throw new IllegalArgumentException("scopes may name one resource type, Users or Groups, not both");
                    }
                    resource = Optional.of(type);
                }
                default -> throw new IllegalArgumentException("unknown scope '" + w + "'; expected read, write, Users or Groups");
            }
        }
        return new TokenScopes(read, write, resource);
    }

    /** Parses a comma-separated list, as the command line takes it. */
    public static TokenScopes parse(String commaSeparated) {
        return parse(List.of(commaSeparated.split(",")));
    }

    /** Whether a request needing {@code write} (or read) access to {@code resourceType} (all types when empty) may run. */
    public boolean allows(boolean writeAccess, Optional<String> resourceType) {
        if (writeAccess ? !write : !read) {
            return false;
        }
        return resource.isEmpty() || resource.equals(resourceType);
    }

    /** The list form written to the token file, e.g. {@code [read, write, Users]}. */
    public List<String> words() {
        List<String> words = new ArrayList<>();
        if (read) {
            words.add("read");
        }
        if (write) {
            words.add("write");
        }
        resource.ifPresent(words::add);
        return words;
    }

    @Override
    public String toString() {
        return String.join(",", words());
    }
}
