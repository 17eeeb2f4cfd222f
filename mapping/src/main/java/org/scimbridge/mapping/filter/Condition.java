package org.scimbridge.mapping.filter;

import com.unboundid.ldap.sdk.Filter;

/**
 * A translated filter that may have folded to a constant: inside a value path, a condition on an element's
 * {@code type} is decided by the mapping rule, not by the directory. Folding keeps the LDAP filter minimal.
 */
sealed interface Condition {

    Condition TRUE = new Constant(true);
    Condition FALSE = new Constant(false);

    record Constant(boolean value) implements Condition {
    }

    record Ldap(Filter filter) implements Condition {
    }

    static Condition ldap(Filter filter) {
        return new Ldap(filter);
    }

    static Condition and(Condition left, Condition right) {
        if (left instanceof Constant l) {
            return l.value() ? right : FALSE;
        }
        if (right instanceof Constant r) {
            return r.value() ? left : FALSE;
        }
        return new Ldap(Filter.createANDFilter(((Ldap) left).filter(), ((Ldap) right).filter()));
    }

    static Condition or(Condition left, Condition right) {
        if (left instanceof Constant l) {
            return l.value() ? TRUE : right;
        }
        if (right instanceof Constant r) {
            return r.value() ? TRUE : left;
        }
        return new Ldap(Filter.createORFilter(((Ldap) left).filter(), ((Ldap) right).filter()));
    }

    static Condition not(Condition inner) {
        return switch (inner) {
            case Constant c -> c.value() ? FALSE : TRUE;
            case Ldap l -> new Ldap(Filter.createNOTFilter(l.filter()));
        };
    }

    /** The LDAP form; constants become filters every directory evaluates the same way. */
    default Filter toFilter() {
        return switch (this) {
            case Constant c -> c.value() ? LdapFilterTranslator.MATCH_ALL : LdapFilterTranslator.MATCH_NOTHING;
            case Ldap l -> l.filter();
        };
    }
}
