package org.scimbridge.mapping.entry;

import java.util.Map;
import java.util.Optional;

import com.unboundid.ldap.sdk.DN;

/**
 * What turning entries into SCIM resources needs beyond the entries themselves.
 *
 * @param baseUrl   the SCIM base URL ending in {@code /scim/v2}, for {@code meta.location} and {@code $ref}
 * @param userIds   ids of referenced users (managers) by DN, resolved by the caller for a whole page in one search
 */
public record RenderContext(String baseUrl, Map<DN, String> userIds) {

    public RenderContext {
        userIds = Map.copyOf(userIds);
    }

    public Optional<String> userId(DN dn) {
        return Optional.ofNullable(userIds.get(dn));
    }
}
