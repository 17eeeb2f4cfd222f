package org.scimbridge.mapping.roles;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RoleRulesTest {

    private static final DN USER = dn("uid=jdoe,ou=people,dc=example,dc=com");
    private static final DN DEVELOPERS = dn("cn=developers,ou=roles,dc=example,dc=com");
    private static final DN APP_ADMINS = dn("cn=app-admins,ou=roles,dc=example,dc=com");

    private static final GroupRef ENGINEERING = group("cn=Engineering,ou=groups,dc=example,dc=com", "Engineering", "00gENG");
    private static final GroupRef ADMINS = group("cn=Admins,ou=groups,dc=example,dc=com", "Admins", "00gADMIN");
    private static final GroupRef PLATFORM = group("cn=Platform-Core,ou=groups,dc=example,dc=com", "Platform Core", null);
    private static final GroupRef AUDIT = group("cn=Audit,ou=groups,dc=example,dc=com", "Audit", null);
    private static final GroupRef SALES = group("cn=Sales,ou=groups,dc=example,dc=com", "Sales", "00gSALES");

    /** Rule order matters for rolesFor; "developer" is granted by two rules with the same attribute value. */
    private static final RoleRules RULES = new RoleRules(List.of(
            new RoleRule("developer", GroupMatcher.displayName("engineering"),
                    Optional.of(new AttributeGrant("employeeType", "developer")), Optional.of(new GroupGrant(DEVELOPERS))),
            new RoleRule("admin", GroupMatcher.externalId("00gADMIN"),
                    Optional.empty(), Optional.of(new GroupGrant(APP_ADMINS, "uniqueMember"))),
            new RoleRule("developer", GroupMatcher.dn("cn=platform-[^,]+,ou=groups,dc=example,dc=com"),
                    Optional.of(new AttributeGrant("employeeType", "developer")), Optional.empty()),
            new RoleRule("auditor", GroupMatcher.displayName("Audit"),
                    Optional.of(new AttributeGrant("employeeType", "auditor")), Optional.empty())));

    @Test
    void joiningAMatchingGroupAddsTheValueAndTheRoleGroupMembership() {
        RolePlan plan = RULES.plan(USER, user(), List.of(ENGINEERING), memberOf());

        assertAll(
                () -> assertEquals(List.of(add("employeeType", "developer")), plan.userModifications()),
                () -> assertEquals(Map.of(DEVELOPERS, true), plan.roleGroupChanges()));
    }

    @Test
    void leavingTheGroupDeletesTheValueAndTheRoleGroupMembership() {
        RolePlan plan = RULES.plan(USER, user("developer"), List.of(SALES), memberOf(DEVELOPERS));

        assertAll(
                () -> assertEquals(List.of(delete("employeeType", "developer")), plan.userModifications()),
                () -> assertEquals(Map.of(DEVELOPERS, false), plan.roleGroupChanges()));
    }

    @Test
    void roleGroupChangesAreValueLevelWritesOfTheUserDnInTheGroupsMemberAttribute() {
        RolePlan plan = RULES.plan(USER, user(), List.of(ADMINS), memberOf(DEVELOPERS));

        assertEquals(Map.of(
                        APP_ADMINS, new Modification(ModificationType.ADD, "uniqueMember", USER.toString()),
                        DEVELOPERS, new Modification(ModificationType.DELETE, "member", USER.toString())),
                plan.roleGroupModifications());
    }

    @Test
    void aHandSetValueNoRuleGrantsSurvivesRevocation() {
        RolePlan plan = RULES.plan(USER, user("contractor", "developer"), List.of(), memberOf());

        assertEquals(List.of(delete("employeeType", "developer")), plan.userModifications());
    }

    @Test
    void aHandSetValueNoRuleGrantsIsLeftAloneWhenGranting() {
        RolePlan plan = RULES.plan(USER, user("contractor"), List.of(AUDIT), memberOf());

        assertEquals(List.of(add("employeeType", "auditor")), plan.userModifications());
    }

    @Test
    void aValueGrantedByTwoRulesStaysWhileOneStillApplies() {
        RolePlan plan = RULES.plan(USER, user("developer"), List.of(PLATFORM), memberOf(DEVELOPERS));

        assertAll(
                () -> assertEquals(List.of(), plan.userModifications()),
                () -> assertEquals(Map.of(DEVELOPERS, false), plan.roleGroupChanges(),
                        "only the Engineering rule grants the group"));
    }

    @Test
    void aValueGrantedByTwoApplyingRulesIsAddedOnce() {
        RolePlan plan = RULES.plan(USER, user(), List.of(ENGINEERING, PLATFORM), memberOf(DEVELOPERS));

        assertEquals(List.of(add("employeeType", "developer")), plan.userModifications());
    }

    @Test
    void switchingRolesDeletesTheOldValueAndAddsTheNewInOneAttributeChange() {
        RolePlan plan = RULES.plan(USER, user("auditor"), List.of(PLATFORM), memberOf());

        assertEquals(List.of(delete("employeeType", "auditor"), add("employeeType", "developer")), plan.userModifications());
    }

    @Test
    void aGrantedValueAlreadyPresentInOtherCaseIsNotAddedAgain() {
        RolePlan plan = RULES.plan(USER, user("Developer"), List.of(ENGINEERING), memberOf(DEVELOPERS));

        assertTrue(plan.isEmpty(), () -> "plan: " + plan);
    }

    @Test
    void revokingDeletesTheValueAsTheDirectorySpellsIt() {
        RolePlan plan = RULES.plan(USER, user("Developer"), List.of(), memberOf());

        assertEquals(List.of(delete("employeeType", "Developer")), plan.userModifications());
    }

    @Test
    void attributeNamesOfTheEntryMatchIgnoringCase() {
        Entry entry = new Entry(USER, new Attribute("EMPLOYEETYPE", "developer"));

        RolePlan plan = RULES.plan(USER, entry, List.of(), memberOf());

        assertEquals(List.of(delete("employeeType", "developer")), plan.userModifications());
    }

    @Test
    void planIsEmptyWhenTheGrantsAlreadyMatchTheGroups() {
        RolePlan plan = RULES.plan(USER, user("developer", "contractor"), List.of(ENGINEERING, SALES), memberOf(DEVELOPERS));

        assertAll(
                () -> assertTrue(plan.isEmpty()),
                () -> assertSame(RolePlan.EMPTY, plan),
                () -> assertEquals(List.of(), plan.userModifications()),
                () -> assertEquals(Map.of(), plan.roleGroupChanges()));
    }

    @Test
    void renamingAGroupAwayFromAMatchingNameRevokes() {
        GroupRef renamed = new GroupRef(ENGINEERING.dn(), "Engineering Alumni", ENGINEERING.externalId());

        assertAll(
                () -> assertTrue(RULES.affectedBy(ENGINEERING), "old name selected by a rule"),
                () -> assertFalse(RULES.affectedBy(renamed), "new name selected by none"),
                () -> assertEquals(List.of(delete("employeeType", "developer")),
                        RULES.plan(USER, user("developer"), List.of(renamed), memberOf(DEVELOPERS)).userModifications()),
                () -> assertEquals(Map.of(DEVELOPERS, false),
                        RULES.plan(USER, user("developer"), List.of(renamed), memberOf(DEVELOPERS)).roleGroupChanges()));
    }

    @Test
    void renamingAGroupToAMatchingNameGrants() {
        GroupRef before = group("cn=Auditors-Old,ou=groups,dc=example,dc=com", "Internal Review", null);
        GroupRef after = new GroupRef(before.dn(), "AUDIT", before.externalId());

        assertAll(
                () -> assertFalse(RULES.affectedBy(before)),
                () -> assertTrue(RULES.affectedBy(after)),
                () -> assertEquals(List.of(add("employeeType", "auditor")),
                        RULES.plan(USER, user(), List.of(after), memberOf()).userModifications()));
    }

    @Test
    void renamingAGroupEntryOutOfADnPatternRevokes() {
        GroupRef moved = group("cn=Core,ou=groups,dc=example,dc=com", "Platform Core", null);

        assertAll(
                () -> assertTrue(RULES.affectedBy(PLATFORM)),
                () -> assertEquals(List.of(delete("employeeType", "developer")),
                        RULES.plan(USER, user("developer"), List.of(moved), memberOf()).userModifications()));
    }

    @Test
    void deletingAGroupRevokesItsRolesFromFormerMembers() {
        List<GroupRef> withoutEngineering = List.of(SALES, ADMINS);

        RolePlan plan = RULES.plan(USER, user("developer"), withoutEngineering, memberOf(DEVELOPERS, APP_ADMINS));

        assertAll(
                () -> assertEquals(List.of(delete("employeeType", "developer")), plan.userModifications()),
                () -> assertEquals(Map.of(DEVELOPERS, false), plan.roleGroupChanges()));
    }

    @Test
    void aGroupNoRuleSelectsDoesNotAffectRoles() {
        assertFalse(RULES.affectedBy(SALES));
    }

    @Test
    void rolesForListsEachRoleOnceInRuleOrder() {
        assertEquals(List.of("developer", "admin", "auditor"),
                List.copyOf(RULES.rolesFor(List.of(AUDIT, PLATFORM, ADMINS, ENGINEERING, SALES))));
    }

    @Test
    void rolesForAUserInNoMatchingGroupIsEmpty() {
        assertEquals(Set.of(), RULES.rolesFor(List.of(SALES)));
    }

    @Test
    void grantedAttributesAndRoleGroupsAreWhatPlanNeedsRead() {
        assertAll(
                () -> assertEquals(Set.of("employeeType"), RULES.grantedAttributes()),
                () -> assertEquals(Set.of(DEVELOPERS, APP_ADMINS), RULES.roleGroups()),
                () -> assertEquals("uniqueMember", RULES.memberAttribute(APP_ADMINS)),
                () -> assertEquals("member", RULES.memberAttribute(DEVELOPERS)));
    }

    @Test
    void planRefusesToGuessAMissingRoleGroupMembership() {
        Map<DN, Boolean> partial = Map.of(DEVELOPERS, false);

        assertThrows(IllegalArgumentException.class, () -> RULES.plan(USER, user(), List.of(ADMINS), partial));
    }

    @Test
    void oneRoleGroupCannotBeGrantedThroughTwoMemberAttributes() {
        List<RoleRule> rules = List.of(
                new RoleRule("a", GroupMatcher.displayName("A"), Optional.empty(), Optional.of(new GroupGrant(DEVELOPERS))),
                new RoleRule("b", GroupMatcher.displayName("B"), Optional.empty(),
                        Optional.of(new GroupGrant(DEVELOPERS, "uniqueMember"))));

        assertThrows(IllegalArgumentException.class, () -> new RoleRules(rules));
    }

    @Test
    void aRuleMustGrantSomething() {
        assertThrows(IllegalArgumentException.class,
                () -> new RoleRule("nothing", GroupMatcher.displayName("A"), Optional.empty(), Optional.empty()));
    }

    @Test
    void noRulesPlanNothingAndGrantNoRoles() {
        RoleRules none = RoleRules.none();

        assertAll(
                () -> assertTrue(none.plan(USER, user("developer"), List.of(ENGINEERING), Map.of()).isEmpty()),
                () -> assertEquals(Set.of(), none.rolesFor(List.of(ENGINEERING))),
                () -> assertFalse(none.affectedBy(ENGINEERING)));
    }

    static Stream<Arguments> matches() {
        return Stream.of(
                arguments(GroupMatcher.displayName("engineering"), ENGINEERING, true),
                arguments(GroupMatcher.displayName("ENGINEERING"), ENGINEERING, true),
                arguments(GroupMatcher.displayName("Engineering"), group("cn=x,dc=example,dc=com", "Engineering Managers", null),
                        false),
                arguments(GroupMatcher.externalId("00gENG"), ENGINEERING, true),
                arguments(GroupMatcher.externalId("00geng"), ENGINEERING, false),
                arguments(GroupMatcher.externalId("00gENG"), group("cn=Engineering,ou=groups,dc=example,dc=com", "Engineering",
                        null), false),
                arguments(GroupMatcher.dn("cn=platform-[^,]+,ou=groups,dc=example,dc=com"), PLATFORM, true),
                arguments(GroupMatcher.dn("cn=platform-[^,]+,ou=groups,dc=example,dc=com"),
                        group("CN=Platform-Core, OU=Groups, DC=Example, DC=Com", "x", null), true),
                arguments(GroupMatcher.dn("cn=platform-[^,]+"), PLATFORM, false),
                arguments(GroupMatcher.dn(".*,ou=groups,dc=example,dc=com"), PLATFORM, true),
                arguments(GroupMatcher.dn(".*,ou=groups,dc=example,dc=com"), group("cn=Platform-Core,ou=teams,dc=example,dc=com",
                        "x", null), false));
    }

    @ParameterizedTest(name = "[{index}] {0} matches {1}: {2}")
    @MethodSource("matches")
    void matcherSelectsGroups(GroupMatcher matcher, GroupRef group, boolean expected) {
        assertEquals(expected, matcher.matches(group));
    }

    private static Entry user(String... employeeTypes) {
        return employeeTypes.length == 0 ? new Entry(USER) : new Entry(USER, new Attribute("employeeType", employeeTypes));
    }

    /** The user's current membership of every role group: a member of {@code in}, of no other. */
    private static Map<DN, Boolean> memberOf(DN... in) {
        Map<DN, Boolean> membership = new LinkedHashMap<>();
        RULES.roleGroups().forEach(group -> membership.put(group, Arrays.asList(in).contains(group)));
        return membership;
    }

    private static Modification add(String attribute, String... values) {
        return new Modification(ModificationType.ADD, attribute, values);
    }

    private static Modification delete(String attribute, String... values) {
        return new Modification(ModificationType.DELETE, attribute, values);
    }

    private static GroupRef group(String dn, String displayName, String externalId) {
        return new GroupRef(dn(dn), displayName, Optional.ofNullable(externalId));
    }

    private static DN dn(String text) {
        try {
            return new DN(text);
        } catch (LDAPException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
