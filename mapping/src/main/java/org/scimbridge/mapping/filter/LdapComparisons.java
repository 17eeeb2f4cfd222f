package org.scimbridge.mapping.filter;

import com.unboundid.ldap.sdk.Filter;

/** One SCIM comparison operator on one LDAP attribute, through the {@link Filter} factories only. */
final class LdapComparisons {

    private LdapComparisons() {
    }

    static Filter compare(String attribute, CompareOperator op, String value) {
        if (value.isEmpty() && (op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW)) {
            // Every string contains, starts and ends with "": any present value matches. LDAP has no empty substring.
            return Filter.createPresenceFilter(attribute);
        }
        return switch (op) {
            case EQ -> Filter.createEqualityFilter(attribute, value);
            case NE -> Filter.createNOTFilter(Filter.createEqualityFilter(attribute, value));
            case CO -> Filter.createSubstringFilter(attribute, null, new String[] {value}, null);
            case SW -> Filter.createSubstringFilter(attribute, value, null, null);
            case EW -> Filter.createSubstringFilter(attribute, null, null, value);
            case GE -> Filter.createGreaterOrEqualFilter(attribute, value);
            case LE -> Filter.createLessOrEqualFilter(attribute, value);
            // LDAP has no strict ordering filters (RFC 4511 section 4.5.1.7): > is >= and not =.
            case GT -> Filter.createANDFilter(Filter.createGreaterOrEqualFilter(attribute, value),
                    Filter.createNOTFilter(Filter.createEqualityFilter(attribute, value)));
            case LT -> Filter.createANDFilter(Filter.createLessOrEqualFilter(attribute, value),
                    Filter.createNOTFilter(Filter.createEqualityFilter(attribute, value)));
        };
    }
}
