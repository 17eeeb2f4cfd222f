package org.scimbridge.mapping.filter;

import java.util.List;
import java.util.Optional;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * {@code members.value} on Groups and {@code groups.value} on Users: membership is stored as DNs (the group's member
 * attribute, the user's memberOf), so the SCIM id in the filter is resolved to a DN first.
 */
final class MembershipPaths {

    private MembershipPaths() {
    }

    static Optional<Resolved> resolve(ResourceMapping mapping, String coreUrn, AttributePath path) {
        boolean valueOrWhole = path.subAttribute() == null || path.subAttribute().equalsIgnoreCase("value");
        if (path.schemaUrn() != null && !path.schemaUrn().equalsIgnoreCase(coreUrn)) {
            return Optional.empty();
        }
        if (path.name().equalsIgnoreCase("members") && mapping.groupOptions().isPresent()) {
            String attribute = mapping.groupOptions().get().memberAttribute();
            requireValue(path, valueOrWhole);
            if (attribute.equalsIgnoreCase("memberUid")) {
                throw ScimException.invalidFilter("members of memberUid groups hold names, not DNs; filtering on members.value "
                        + "is not supported for them");
            }
            return Optional.of(new Resolved.Attributes(List.of(attribute), Type.STRING, Kind.MEMBER_REFERENCE));
        }
        if (path.name().equalsIgnoreCase("groups") && mapping.resourceType().equals("User")) {
            requireValue(path, valueOrWhole);
            String memberOf = mapping.memberOfAttribute().orElseThrow(() -> ScimException.invalidFilter(
                    "'groups' can be filtered on only where the directory keeps memberOf on users; set users.memberOf in the mapping"));
            return Optional.of(new Resolved.Attributes(List.of(memberOf), Type.STRING, Kind.GROUP_REFERENCE));
        }
        return Optional.empty();
    }

    private static void requireValue(AttributePath path, boolean valueOrWhole) {
        if (!valueOrWhole) {
            throw ScimException.invalidFilter("'" + path + "' cannot be filtered on; use " + path.name() + ".value");
        }
    }
}
