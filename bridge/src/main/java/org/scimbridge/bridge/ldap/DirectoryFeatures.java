package org.scimbridge.bridge.ldap;

import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.LDAPInterface;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.schema.AttributeTypeDefinition;
import com.unboundid.ldap.sdk.schema.Schema;

/**
 * What the directory supports, read once from its root DSE (RFC 4512 section 5.1) so requests use the cheapest path
 * the directory offers.
 *
 * @param postRead  RFC 4527 post-read control (1.3.6.1.1.13.2)
 * @param assertion RFC 4528 assertion control (1.3.6.1.1.12)
 * @param pagedResults RFC 2696 simple paged results (1.2.840.113556.1.4.319)
 * @param serverSideSort RFC 2891 server-side sort (1.2.840.113556.1.4.473)
 * @param vlv       virtual list view (2.16.840.1.113730.3.4.9)
 * @param orderableAttributes attribute types whose schema has an ORDERING rule, when the schema could be read
 * @param matchableAttributes attribute types whose schema has an EQUALITY rule, when the schema could be read
 * @param remainingInSortedPages a sorted search with simple paged results answers each page with the exact number of
 *                  entries still to come: OpenLDAP's sssvlv overlay does ({@code so_nentries}), so page walks can go
 *                  on from page to page instead of finding each VLV offset again ({@link SortedCursors})
 */
public record DirectoryFeatures(boolean postRead, boolean assertion, boolean pagedResults, boolean serverSideSort, boolean vlv,
                                Optional<Set<String>> orderableAttributes, Optional<Set<String>> matchableAttributes,
                                boolean remainingInSortedPages) {

    /** Without {@code remainingInSortedPages}: a directory whose walks use VLV offsets. */
    public DirectoryFeatures(boolean postRead, boolean assertion, boolean pagedResults, boolean serverSideSort, boolean vlv,
                             Optional<Set<String>> orderableAttributes, Optional<Set<String>> matchableAttributes) {
        this(postRead, assertion, pagedResults, serverSideSort, vlv, orderableAttributes, matchableAttributes, false);
    }

    public static DirectoryFeatures detect(LDAPInterface ldap) throws LDAPException {
        RootDSE rootDse = ldap.getRootDSE();
        Optional<Schema> schema = schema(ldap);
        Optional<Set<String>> orderable = schema.map(s -> namesOf(s, type -> type.getOrderingMatchingRule(s) != null));
        Optional<Set<String>> matchable = schema.map(s -> namesOf(s, type -> type.getEqualityMatchingRule(s) != null));
        if (rootDse == null) {
            return new DirectoryFeatures(false, false, false, false, false, orderable, matchable);
        }
        boolean paged = rootDse.supportsControl("1.2.840.113556.1.4.319");
        boolean sort = rootDse.supportsControl("1.2.840.113556.1.4.473");
        // slapd names its root DSE's class; it offers the sort control only with the sssvlv overlay, which counts.
        boolean openLdap = rootDse.hasObjectClass("OpenLDAProotDSE");
        return new DirectoryFeatures(rootDse.supportsControl("1.3.6.1.1.13.2"), rootDse.supportsControl("1.3.6.1.1.12"),
                paged, sort, rootDse.supportsControl("2.16.840.1.113730.3.4.9"), orderable, matchable,
                openLdap && paged && sort);
    }

    /** Whether gt/ge/lt/le can be pushed down on this attribute; true when the schema could not be read. */
    public boolean canOrder(String attribute) {
        return orderableAttributes.map(names -> names.contains(attribute.toLowerCase(Locale.ROOT))).orElse(true);
    }

    /**
     * Whether the directory can find one value of this attribute among others, which deleting a single value needs: an
     * attribute type without an EQUALITY rule (OpenLDAP's facsimileTelephoneNumber) can only be replaced whole. True
     * when the schema could not be read.
     */
    public boolean canMatchValues(String attribute) {
        return matchableAttributes.map(names -> names.contains(attribute.toLowerCase(Locale.ROOT))).orElse(true);
    }

    private static Optional<Schema> schema(LDAPInterface ldap) {
        try {
            return Optional.ofNullable(ldap.getSchema());
        } catch (LDAPException e) {
            return Optional.empty();
        }
    }

    /** Names (lower case) and OIDs of the attribute types that have a rule, inherited ones included (RFC 4512 4.1.2). */
    private static Set<String> namesOf(Schema schema, Predicate<AttributeTypeDefinition> hasRule) {
        Set<String> names = new HashSet<>();
        for (AttributeTypeDefinition type : schema.getAttributeTypes()) {
            if (hasRule.test(type)) {
                for (String name : type.getNames()) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
                names.add(type.getOID());
            }
        }
        return Set.copyOf(names);
    }
}
