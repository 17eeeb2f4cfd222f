package org.scimbridge.mapping.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * {@code sortBy}/{@code sortOrder} (RFC 7644 section 3.4.2.3) as LDAP sort keys. The naming attribute always ends the
 * key list, so that entries with equal sort values keep one order across pages (Okta walks imports page by page).
 *
 * @param keys       LDAP sort keys, most significant first
 * @param descending whether the first key sorts descending (the tie-breaker always ascends)
 */
public record SortSpec(List<Key> keys, boolean descending) {

    /**
     * One LDAP sort key.
     *
     * @param attribute    LDAP attribute
     * @param orderingRule OID of the matching rule to order by: given for attributes whose schema has no ORDERING
     *                     rule (OpenLDAP's uid has none) so the directory can still sort them; an OID because
     *                     ApacheDS refuses the rules' names
     * @param type         SCIM type of the values, for sorting in the bridge where the directory cannot
     */
    public record Key(String attribute, String orderingRule, Type type) {
    }

    /** RFC 4517 section 4.2.12 caseIgnoreOrderingMatch. */
    static final String CASE_IGNORE_ORDERING = "2.5.13.3";
    /** RFC 4517 section 4.2.5 caseExactOrderingMatch. */
    static final String CASE_EXACT_ORDERING = "2.5.13.6";
    /** RFC 4517 section 4.2.17 generalizedTimeOrderingMatch. */
    static final String GENERALIZED_TIME_ORDERING = "2.5.13.28";

    public SortSpec {
        keys = List.copyOf(keys);
    }

    /** Default order: by the naming attribute, ascending. */
    public static SortSpec natural(ResourceMapping mapping) {
        return new SortSpec(List.of(rdnKey(mapping)), false);
    }

    public static SortSpec of(String sortBy, String sortOrder, ResourceMapping mapping) {
        boolean descending = switch (sortOrder == null || sortOrder.isBlank() ? "ascending" : sortOrder.strip().toLowerCase(Locale.ROOT)) {
            case "ascending" -> false;
            case "descending" -> true;
            default -> throw ScimException.invalidValue("sortOrder must be 'ascending' or 'descending'");
        };
        if (sortBy == null || sortBy.isBlank()) {
            return new SortSpec(natural(mapping).keys(), descending);
        }
        Key primary = key(sortBy.strip(), mapping);
        List<Key> keys = new ArrayList<>();
        keys.add(primary);
        Key tieBreaker = rdnKey(mapping);
        if (!primary.attribute().equalsIgnoreCase(tieBreaker.attribute())) {
            keys.add(tieBreaker);
        }
        return new SortSpec(keys, descending);
    }

    private static Key key(String sortBy, ResourceMapping mapping) {
        AttributePath path;
        try {
            path = AttributePath.parse(sortBy);
        } catch (ScimException e) {
            throw ScimException.invalidValue("sortBy '" + sortBy + "' is not an attribute path");
        }
        String coreUrn = mapping.resourceType().equals("User") ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
        String urn = path.schemaUrn() == null ? coreUrn : path.schemaUrn();
        if (urn.equalsIgnoreCase(coreUrn) && path.subAttribute() == null && path.name().equalsIgnoreCase("id")) {
            return new Key(mapping.idAttribute(), null, Type.STRING);
        }
        if (urn.equalsIgnoreCase(coreUrn) && path.name().equalsIgnoreCase("meta") && path.subAttribute() != null) {
            if (path.subAttribute().equalsIgnoreCase("created")) {
                return new Key(mapping.createdAttribute(), GENERALIZED_TIME_ORDERING, Type.DATE_TIME);
            }
            if (path.subAttribute().equalsIgnoreCase("lastModified")) {
                return new Key(mapping.modifiedAttribute(), GENERALIZED_TIME_ORDERING, Type.DATE_TIME);
            }
        }
        // For multi-valued attributes RFC 7644 sorts by the primary value, or the value: here the first mapped type.
        String sub = path.subAttribute();
        for (AttributeRule rule : mapping.rules()) {
            var target = rule.target();
            if (!target.sameAttribute(urn, path.name()) || rule.kind() != AttributeRule.Kind.STRING) {
                continue;
            }
            boolean matches = target.subAttribute() == null ? sub == null
                    : sub == null ? target.isMultiValuedElement() && target.subAttribute().equals("value")
                    : target.subAttribute().equalsIgnoreCase(sub);
            if (matches) {
                return stringKey(rule.ldapAttribute(), rule.definition().caseExact(), rule.definition().type());
            }
        }
        throw ScimException.invalidValue("sortBy '" + sortBy + "' is not a mapped attribute that can be sorted on");
    }

    private static Key rdnKey(ResourceMapping mapping) {
        return stringKey(mapping.rdnAttribute(), false, Type.STRING);
    }

    private static Key stringKey(String attribute, boolean caseExact, Type type) {
        if (type == Type.DATE_TIME) {
            return new Key(attribute, GENERALIZED_TIME_ORDERING, type);
        }
        return new Key(attribute, caseExact ? CASE_EXACT_ORDERING : CASE_IGNORE_ORDERING, Type.STRING);
    }
}
