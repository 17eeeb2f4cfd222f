package org.scimbridge.mapping.roles;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The {@code when} of a role rule: which SCIM groups confer the role. Exactly one criterion per rule keeps a rule
 * readable; several rules may grant the same role.
 */
public sealed interface GroupMatcher {

    /** Whether {@code group} is one of the groups this matcher selects. */
    boolean matches(GroupRef group);

    /** Matches on {@code displayName}, ignoring case, as IdPs and admins rarely agree on capitalisation. */
    static GroupMatcher displayName(String displayName) {
        return new ByDisplayName(displayName);
    }

    /** Matches on the IdP's {@code externalId}, exactly: it is an opaque identifier (RFC 7643 section 3.1). */
    static GroupMatcher externalId(String externalId) {
        return new ByExternalId(externalId);
    }

    /**
     * Matches when {@code regex} matches the whole normalized DN of the group, ignoring case.
     *
     * @throws java.util.regex.PatternSyntaxException when {@code regex} is not a regular expression
     */
    static GroupMatcher dn(String regex) {
        return new ByDn(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
    }

    /** {@code when: { displayName: Engineering }}. */
    record ByDisplayName(String displayName) implements GroupMatcher {
        /** Rejects {@code null}. */
        public ByDisplayName {
            Objects.requireNonNull(displayName, "displayName");
        }

        @Override
        public boolean matches(GroupRef group) {
            return group.displayName().equalsIgnoreCase(displayName);
        }
    }

    /** {@code when: { externalId: 00g1abcd }}. */
    record ByExternalId(String externalId) implements GroupMatcher {
        /** Rejects {@code null}. */
        public ByExternalId {
            Objects.requireNonNull(externalId, "externalId");
        }

        @Override
        public boolean matches(GroupRef group) {
            return group.externalId().filter(externalId::equals).isPresent();
        }
    }

    /**
     * {@code when: { dn: "cn=eng-.*,ou=groups,dc=example,dc=com" }}. The pattern must match the whole DN in its
     * normalized form ({@link com.unboundid.ldap.sdk.DN#toNormalizedString()}: lower case, no spaces around commas or
     * equals signs), so "cn=Eng, ou=Groups" in the directory and "cn=eng,ou=groups" in the rule agree.
     */
    record ByDn(Pattern pattern) implements GroupMatcher {
        /** Rejects {@code null}. */
        public ByDn {
            Objects.requireNonNull(pattern, "pattern");
        }

        @Override
        public boolean matches(GroupRef group) {
            return pattern.matcher(group.dn().toNormalizedString()).matches();
        }

        /** Patterns compare by their text and flags; {@link Pattern} itself only has identity. */
        @Override
        public boolean equals(Object other) {
            return other instanceof ByDn that && pattern.pattern().equals(that.pattern.pattern())
                    && pattern.flags() == that.pattern.flags();
        }

        @Override
        public int hashCode() {
            return Objects.hash(pattern.pattern(), pattern.flags());
        }

        @Override
        public String toString() {
            return "ByDn[pattern=" + pattern.pattern() + "]";
        }
    }
}
