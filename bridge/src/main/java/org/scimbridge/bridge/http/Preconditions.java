package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

import org.scimbridge.mapping.ScimException;

/**
 * {@code If-Match} and {@code If-None-Match} (RFC 7644 section 3.14, RFC 7232). ETags are weak ({@code W/"<version>"}),
 * so tags compare by their opaque value. A write with {@code If-Match} is checked twice: here against the entry just
 * read (a stale version fails fast with 412), and by the directory itself through an LDAP assertion control (RFC 4528)
 * on the write, so that a change between the read and the write also fails, atomically, with 412.
 */
final class Preconditions {

    private Preconditions() {
    }

    /**
     * The assertion to attach to a write of {@code current}: empty without {@code If-Match} (the header's value, or a bulk
     * operation's {@code version}) or with {@code *}.
     *
     * @throws ScimException 412 when no tag matches the current version
     */
    static Optional<Filter> assertion(Optional<String> ifMatch, Entry current, String versionAttribute) {
        Optional<List<String>> tags = tags(ifMatch, "If-Match");
        if (tags.isEmpty() || tags.get().contains("*")) {
            return Optional.empty();
        }
        String version = current.getAttributeValue(versionAttribute);
        if (version == null || !tags.get().contains(version)) {
            throw ScimException.preconditionFailed("the resource has changed: its version is no longer " + String.join(", ",
                    tags.get().stream().map(t -> "W/\"" + t + "\"").toList()));
        }
        return Optional.of(Filter.createEqualityFilter(versionAttribute, version));
    }

    /** Whether a GET may answer 304: an {@code If-None-Match} tag equals the current version (or is {@code *}). */
    static boolean notModified(ServerRequest req, Entry current, String versionAttribute) {
        Optional<List<String>> tags = tags(req, "If-None-Match");
        String version = current.getAttributeValue(versionAttribute);
        return tags.isPresent() && (tags.get().contains("*") || version != null && tags.get().contains(version));
    }

    /** The opaque values of a comma-separated list of entity tags (RFC 7232 section 2.3), weak or strong. */
    static Optional<List<String>> tags(ServerRequest req, String header) {
        return tags(req.headers().first(HeaderNames.create(header)), header);
    }

    private static Optional<List<String>> tags(Optional<String> value, String header) {
        if (value.isEmpty() || value.get().isBlank()) {
            return Optional.empty();
        }
        List<String> tags = new ArrayList<>();
        String text = value.get();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == ',' || c == ' ' || c == '\t') {
                i++;
            } else if (c == '*') {
                tags.add("*");
                i++;
            } else {
                if (text.startsWith("W/", i)) {
                    i += 2;
                }
                if (i >= text.length() || text.charAt(i) != '"') {
                    throw ScimException.invalidValue(header + " must hold entity tags such as W/\"...\" or *");
                }
                StringBuilder tag = new StringBuilder();
                i++;
                while (i < text.length() && text.charAt(i) != '"') {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) {
                        i++; // our ETags escape '"' and '\' inside the quotes
                    }
                    tag.append(text.charAt(i++));
                }
                if (i >= text.length()) {
                    throw ScimException.invalidValue(header + " has an unterminated entity tag");
                }
                i++;
                tags.add(tag.toString());
            }
        }
        return Optional.of(tags);
    }
}
