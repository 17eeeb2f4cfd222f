package org.scimbridge.bridge.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchResultEntry;

import org.scimbridge.bridge.journal.Repair;
import org.scimbridge.bridge.ldap.LdapDirectory;
import org.scimbridge.bridge.ldap.RangedValues;
import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ResourceMapping.GroupOptions;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.filter.LdapFilterTranslator;
import org.scimbridge.mapping.filter.PatchPath;
import org.scimbridge.mapping.patch.PatchOperation;
import org.scimbridge.mapping.roles.GroupRef;
import org.scimbridge.mapping.roles.RoleRules;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * The membership engine. Members are written value by value ({@code Modification(ADD|DELETE, member, dns)} with the
 * permissive modify control), never by reading a group's member list and writing it back: a member added by someone
 * else meanwhile survives, and a 50,000-member group costs the same as a 10-member one. Ids are resolved to DNs in one
 * search per batch ({@link MemberIds}); unknown ids are a 400 naming them, before anything is written. Large changes
 * are split into modifies of at most {@code chunkSize} values (Active Directory refuses larger ones with
 * adminLimitExceeded).
 */
public final class GroupMembers {


    private final LdapDirectory directory;
    private final ResourceMapping users;
    private final ResourceMapping groups;
    private final GroupOptions options;
    private final ResourceLookup userLookup;
    private final ResourceLookup groupLookup;
    private final String[] groupReadBack;
    private final RoleApplier roles;
    private final MemberIds ids;
    private final GroupRefCache groupRefs;

    public GroupMembers(LdapDirectory directory, ResourceMapping users, ResourceMapping groups, String[] groupReadBack,
                        RoleRules roleRules) {
        this.roles = new RoleApplier(directory, users, groups, roleRules);
        this.ids = new MemberIds(directory, users, groups);
        this.groupRefs = new GroupRefCache(directory, groups);
        this.directory = directory;
        this.users = users;
        this.groups = groups;
        this.options = groups.groupOptions().orElseThrow();
        this.userLookup = new ResourceLookup(directory, users);
        this.groupLookup = new ResourceLookup(directory, groups);
        this.groupReadBack = groupReadBack.clone();
    }

    RoleApplier roles() {
        return roles;
    }

    /** The member values of a group entry as the directory holds them (all ranges), without the placeholder. */
    List<String> membersOf(DN group) {
        return currentValues(group).stream().filter(v -> !isPlaceholder(v)).toList();
    }

    /** The member values an add, delete or replace in {@code modifications} names, without the placeholder. */
    List<String> valuesIn(List<Modification> modifications) {
        List<String> values = new ArrayList<>();
        for (Modification m : modifications) {
            if (m.getAttributeName().equalsIgnoreCase(options.memberAttribute())) {
                for (String value : m.getValues()) {
                    if (!isPlaceholder(value)) {
                        values.add(value);
                    }
                }
            }
        }
        return values;
    }

    /**
     * How many member values {@code modifications} take from the group, for the member-removal guard: each value a
     * delete names, and for a replace or a delete of the whole attribute each current member it does not keep (the only
     * case that reads the member list).
     */
    int removalsIn(DN group, List<Modification> modifications) {
        int removed = 0;
        for (Modification m : modifications) {
            if (!m.getAttributeName().equalsIgnoreCase(options.memberAttribute())
                    || m.getModificationType() == ModificationType.ADD) {
                continue;
            }
            if (m.getModificationType() == ModificationType.REPLACE || m.getValues().length == 0) {
                Set<String> kept = new HashSet<>();
                Arrays.stream(m.getValues()).forEach(v -> kept.add(ids.normalized(v)));
                removed += (int) membersOf(group).stream().filter(v -> !kept.contains(ids.normalized(v))).count();
            } else {
                removed += (int) Arrays.stream(m.getValues()).filter(v -> !isPlaceholder(v)).count();
            }
        }
        return removed;
    }

    boolean replacesMembers(List<Modification> modifications) {
        return modifications.stream().anyMatch(m -> m.getAttributeName().equalsIgnoreCase(options.memberAttribute())
                && m.getModificationType() == ModificationType.REPLACE);
    }

    /** Ids of users and groups to DNs, one search each. */
    ReferenceResolver resolver() {
        return new ReferenceResolver() {
            @Override
            public Optional<DN> userDn(String id) {
                return userLookup.byId(id, "1.1").map(ResourceLookup::parsedDn);
            }

            @Override
            public Optional<DN> groupDn(String id) {
                return groupLookup.byId(id, "1.1").map(ResourceLookup::parsedDn);
            }
        };
    }

    // ---- writing -------------------------------------------------------------------------------------------------

    /**
     * Puts the body's members on a new group entry; returns the modifications for members beyond the first chunk,
     * which go in later modifies. An empty group gets the placeholder where the object class needs a member.
     */
    List<Modification> addToNewEntry(Entry entry, JsonNode body) {
        List<String> values = ids.valuesFor(MemberIds.idsIn(Json.field(body, "members").orElse(null), "members"));
        if (values.isEmpty()) {
            options.placeholder().ifPresent(p -> entry.addAttribute(options.memberAttribute(), p));
            return List.of();
        }
        entry.addAttribute(options.memberAttribute(), values.subList(0, Math.min(values.size(), options.chunkSize())));
        if (values.size() <= options.chunkSize()) {
            return List.of();
        }
        return List.of(new Modification(ModificationType.ADD, options.memberAttribute(),
                values.subList(options.chunkSize(), values.size()).toArray(String[]::new)));
    }

    /** PUT: the difference between the body's members and the group's current ones, as value adds and deletes. */
    List<Modification> differenceForPut(Entry current, JsonNode body) {
        List<String> desired = ids.valuesFor(MemberIds.idsIn(Json.field(body, "members").orElse(null), "members"));
        Map<String, String> wanted = new LinkedHashMap<>();
        desired.forEach(v -> wanted.put(ids.normalized(v), v));
        Map<String, String> present = new LinkedHashMap<>();
        for (String value : currentValues(ResourceLookup.parsedDn(current))) {
            if (!isPlaceholder(value)) {
                present.put(ids.normalized(value), value);
            }
        }
        List<String> adds = wanted.entrySet().stream().filter(e -> !present.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        List<String> deletes = present.entrySet().stream().filter(e -> !wanted.containsKey(e.getKey())).map(Map.Entry::getValue).toList();
        List<Modification> modifications = new ArrayList<>();
        if (desired.isEmpty() && !present.isEmpty()) {
            return withPlaceholder(List.of(new Modification(ModificationType.REPLACE, options.memberAttribute())));
        }
        if (!adds.isEmpty()) {
            modifications.add(new Modification(ModificationType.ADD, options.memberAttribute(), adds.toArray(String[]::new)));
        }
        if (!deletes.isEmpty()) {
            modifications.add(new Modification(ModificationType.DELETE, options.memberAttribute(), deletes.toArray(String[]::new)));
        }
        // The members were read: a placeholder left over from an empty past can go now that real members exist.
        boolean placeholderPresent = currentValues(ResourceLookup.parsedDn(current)).stream().anyMatch(this::isPlaceholder);
        if (placeholderPresent && !desired.isEmpty()) {
            modifications.add(new Modification(ModificationType.DELETE, options.memberAttribute(), options.placeholder().orElseThrow()));
        }
        return modifications;
    }

    /**
     * The member operations of a PATCH (RFC 7644 section 3.5.2 on {@code members}) as modifications, without reading
     * the group: add, remove by value path ({@code members[value eq "id"]}), remove with a value list (Entra's form,
     * IDP-QUIRKS Entra 3), remove all, and replace (Okta's {@code replace members []}, IDP-QUIRKS Okta 8).
     */
    MemberChanges fromPatch(List<PatchOperation> operations) {
        List<Modification> modifications = new ArrayList<>();
        Set<Integer> handled = new LinkedHashSet<>();
        List<PatchOperation> rewritten = new ArrayList<>();
        for (PatchOperation operation : operations) {
            try {
                if (operation.path().isPresent()) {
                    PatchPath path = operation.path().get();
                    if (!path.attribute().name().equalsIgnoreCase("members") || path.attribute().schemaUrn() != null
                            && !path.attribute().schemaUrn().equalsIgnoreCase(CoreSchemas.GROUP_URN)) {
                        continue;
                    }
                    modifications.addAll(forPath(operation, path));
                    handled.add(operation.index());
                } else if (operation.value() != null && operation.value().isObject()
                        && Json.field(operation.value(), "members").isPresent()) {
                    // Path-less add/replace whose value lists members among other attributes (RFC 7644 3.5.2.1/3).
                    modifications.addAll(forWhole(operation.op(), Json.field(operation.value(), "members").get()));
                    ObjectNode rest = ((ObjectNode) operation.value()).deepCopy();
                    List<String> memberKeys = new ArrayList<>();
                    rest.fieldNames().forEachRemaining(name -> {
                        if (name.equalsIgnoreCase("members")) {
                            memberKeys.add(name);
                        }
                    });
                    rest.remove(memberKeys);
                    if (rest.isEmpty()) {
                        handled.add(operation.index());
                    } else {
                        rewritten.add(new PatchOperation(operation.op(), operation.path(), rest, operation.index()));
                    }
                }
            } catch (ScimException e) {
                throw new ScimException(e.status(), e.scimType(), operation.where() + ": " + e.detail());
            }
        }
        return new MemberChanges(withPlaceholder(modifications), handled, rewritten);
    }

    private List<Modification> forPath(PatchOperation operation, PatchPath path) {
        if (path.subAttribute() != null && !path.subAttribute().equalsIgnoreCase("value")) {
            throw ScimException.invalidPath("only members and members[value eq \"...\"] can be changed");
        }
        if (path.valueFilter() != null) {
            if (operation.op() != PatchOperation.Op.REMOVE) {
                throw ScimException.invalidPath("members[...] can only be removed; add members with path \"members\"");
            }
            return List.of(modification(ModificationType.DELETE, ids.valuesFor(MemberIds.idsInFilter(path.valueFilter()))));
        }
        return forWhole(operation.op(), operation.value());
    }

    private List<Modification> forWhole(PatchOperation.Op op, JsonNode value) {
        return switch (op) {
            case ADD -> {
                List<String> values = ids.valuesFor(MemberIds.idsIn(value, "members"));
                yield values.isEmpty() ? List.of() : List.of(modification(ModificationType.ADD, values));
            }
            case REPLACE -> List.of(modification(ModificationType.REPLACE, ids.valuesFor(MemberIds.idsIn(value, "members"))));
            case REMOVE -> value == null || value.isNull()
                    ? List.of(modification(ModificationType.REPLACE, List.of())) // RFC: remove without filter removes all
                    : List.of(modification(ModificationType.DELETE, ids.valuesFor(MemberIds.idsIn(value, "members"))));
        };
    }

    /**
     * The member modifications among {@code modifications} as the journal keeps them. Those are all there is in the
     * chunks after the first: other attributes come before the members in every write and ride with the first chunk.
     */
    List<Repair.MemberChange> asChanges(List<Modification> modifications) {
        List<Repair.MemberChange> changes = new ArrayList<>();
        for (Modification m : modifications) {
            if (!m.getAttributeName().equalsIgnoreCase(options.memberAttribute())) {
                continue;
            }
            Repair.MemberChange.Op op = m.getModificationType() == ModificationType.ADD ? Repair.MemberChange.Op.ADD
                    : m.getModificationType() == ModificationType.DELETE ? Repair.MemberChange.Op.DELETE
                    : Repair.MemberChange.Op.REPLACE;
            changes.add(new Repair.MemberChange(op, List.of(m.getValues())));
        }
        return changes;
    }

    /** The journal's member changes as modifications again. */
    List<Modification> asModifications(List<Repair.MemberChange> changes) {
        return changes.stream().map(c -> new Modification(switch (c.op()) {
            case ADD -> ModificationType.ADD;
            case DELETE -> ModificationType.DELETE;
            case REPLACE -> ModificationType.REPLACE;
        }, options.memberAttribute(), c.values().toArray(String[]::new))).toList();
    }

    private Modification modification(ModificationType type, List<String> values) {
        return new Modification(type, options.memberAttribute(), values.toArray(String[]::new));
    }

    /**
     * Keeps groups that need a member valid without reading them. An explicit "no members" writes the placeholder
     * instead; deletes go as they are, and only if the directory then refuses an empty group is the placeholder added in
     * the same modify (see {@link #writeInChunks}). Adds leave a placeholder in place: it is never shown, and touching
     * it on every add would double the directory's cost of each member change (a value delete in a 50,000-member group
     * costs slapd ~30 ms). A PUT, which reads the members anyway, drops it.
     */
    private List<Modification> withPlaceholder(List<Modification> modifications) {
        if (options.placeholder().isEmpty() || modifications.isEmpty()) {
            return modifications;
        }
        List<Modification> result = new ArrayList<>();
        for (Modification m : modifications) {
            boolean emptyReplace = m.getModificationType() == ModificationType.REPLACE && m.getValues().length == 0;
            result.add(emptyReplace ? new Modification(ModificationType.REPLACE, m.getAttributeName(), options.placeholder().get()) : m);
        }
        return result;
    }

    /** The modification that keeps a group valid when a delete would leave it empty. */
    private Optional<Modification> placeholderAdd() {
        return options.placeholder().map(p -> new Modification(ModificationType.ADD, options.memberAttribute(), p));
    }

    /**
     * Writes {@code modifications} in modifies of at most {@code chunkSize} member values; other attributes and the
     * assertion ride with the first. Permissive, so re-adding a member or removing an absent one is not an error.
     */
    Entry writeInChunks(DN dn, List<Modification> modifications, Optional<Filter> assertion) {
        return writeInChunks(dn, modifications, assertion, remaining -> { });
    }

    /**
     * As {@link #writeInChunks(DN, List, Optional)}; before each chunk after the first, {@code beforeLaterChunk} gets the
     * member modifications still to write (that chunk and those after it), for the repair journal.
     */
    Entry writeInChunks(DN dn, List<Modification> modifications, Optional<Filter> assertion,
                        Consumer<List<Modification>> beforeLaterChunk) {
        List<List<Modification>> chunks = new ArrayList<>();
        List<Modification> current = new ArrayList<>();
        int values = 0;
        for (Modification m : modifications) {
            boolean member = m.getAttributeName().equalsIgnoreCase(options.memberAttribute());
            String[] all = m.getValues();
            if (!member || all.length <= options.chunkSize() - values || m.getModificationType() == ModificationType.REPLACE) {
                current.add(m);
                values += member ? all.length : 0;
                continue;
            }
            for (int from = 0; from < all.length; ) {
                int room = Math.max(1, options.chunkSize() - values);
                int to = Math.min(all.length, from + room);
                current.add(new Modification(m.getModificationType(), m.getAttributeName(), Arrays.copyOfRange(all, from, to)));
                values += to - from;
                from = to;
                if (values >= options.chunkSize()) {
                    chunks.add(current);
                    current = new ArrayList<>();
                    values = 0;
                }
            }
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        Entry stored = null;
        for (int i = 0; i < chunks.size(); i++) {
            if (i > 0) {
                beforeLaterChunk.accept(chunks.subList(i, chunks.size()).stream().flatMap(List::stream).toList());
            }
            Optional<Filter> chunkAssertion = i == 0 ? assertion : Optional.empty();
            try {
                stored = directory.modifyKeepingNonEmpty(dn, chunks.get(i), chunkAssertion, placeholderAdd(), groupReadBack);
            } catch (ScimException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // The directory ignored the permissive modify control: drop the adds of present values and the deletes
                // of absent ones (one compare each, only on this path) and write what is left.
                List<Modification> needed = onlyEffective(dn, chunks.get(i));
                stored = needed.isEmpty() ? directory.read(dn, groupReadBack).orElseThrow()
                        : directory.modify(dn, needed, chunkAssertion, true, groupReadBack);
            }
        }
        return stored;
    }

    private List<Modification> onlyEffective(DN dn, List<Modification> modifications) {
        List<Modification> effective = new ArrayList<>();
        Map<String, Boolean> present = new HashMap<>();
        for (Modification m : modifications) {
            boolean member = m.getAttributeName().equalsIgnoreCase(options.memberAttribute());
            if (!member || m.getModificationType() == ModificationType.REPLACE) {
                effective.add(m);
                continue;
            }
            boolean adding = m.getModificationType() == ModificationType.ADD;
            List<String> kept = new ArrayList<>();
            for (String value : m.getValues()) {
                boolean holds = present.computeIfAbsent(ids.normalized(value), k -> directory.holds(dn, options.memberAttribute(), value));
                if (adding != holds) {
                    kept.add(value);
                }
                present.put(ids.normalized(value), adding);
            }
            if (!kept.isEmpty()) {
                effective.add(new Modification(m.getModificationType(), m.getAttributeName(), kept.toArray(String[]::new)));
            }
        }
        return effective;
    }

    /** The value naming {@code user} in groups: its DN, or its name for memberUid groups. */
    String memberValueOf(Entry user) {
        return ids.valueFor(ResourceLookup.parsedDn(user), user.getAttributeValue(users.rdnAttribute()));
    }

    /**
     * After a user is deleted or deactivated: {@code value} (its DN or name) goes from every group that still holds it
     * (refint may have done it).
     */
    void removeValueEverywhere(String value) {
        removeValueEverywhere(value, () -> { });
    }

    /**
     * As {@link #removeValueEverywhere(String)}; {@code beforeFirstWrite} runs once, before the first group is changed
     * (the journal's record: a user in no group costs no record).
     */
    void removeValueEverywhere(String value, Runnable beforeFirstWrite) {
        Filter filter = Filter.createANDFilter(new LdapFilterTranslator(groups).objectClassFilter(),
                Filter.createEqualityFilter(options.memberAttribute(), value));
        List<SearchResultEntry> holding = directory.search(groups.base(), groups.scope(), filter, Integer.MAX_VALUE, "1.1");
        if (!holding.isEmpty()) {
            beforeFirstWrite.run();
        }
        for (SearchResultEntry group : holding) {
            directory.modifyKeepingNonEmpty(ResourceLookup.parsedDn(group),
                    List.of(new Modification(ModificationType.DELETE, options.memberAttribute(), value)), Optional.empty(),
                    placeholderAdd());
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------------

    /** Every member of the page's groups resolved to ids, in as few searches as the batch size allows. */
    Map<String, MemberIds.Member> resolveMembers(List<? extends Entry> entries) {
        Set<String> values = new LinkedHashSet<>();
        for (Entry entry : entries) {
            values.addAll(valuesOf(entry));
        }
        values.removeIf(this::isPlaceholder);
        return ids.resolve(values);
    }

    /** Adds {@code members} to a rendered group; only when its member attribute was read (projection asked for it). */
    void render(ObjectNode group, Entry entry, Map<String, MemberIds.Member> resolved, String baseUrl) {
        if (!hasMemberAttribute(entry)) {
            return;
        }
        ArrayNode members = Json.NODES.arrayNode();
        for (String value : valuesOf(entry)) {
            MemberIds.Member member = resolved.get(ids.normalized(value));
            if (member == null) {
                continue; // the placeholder, or an entry outside the mapped users and groups
            }
            ObjectNode node = members.addObject();
            node.put("value", member.id());
            node.put("$ref", baseUrl + (member.type().equals("User") ? "/Users/" : "/Groups/") + member.id());
            if (member.display() != null) {
                node.put("display", member.display());
            }
            node.put("type", member.type());
        }
        group.set("members", members);
    }

    /**
     * A user's read-only {@code groups} (RFC 7643 section 4.1.2), and with role rules its read-only {@code roles}: from
     * the user's {@code memberOf} where the mapping names one ({@link GroupRefCache}, no search), else one search for the
     * groups naming the user.
     */
    void renderGroupsOf(ObjectNode user, Entry userEntry, String baseUrl) {
        if (users.memberOfAttribute().isPresent()) {
            List<GroupRefCache.KnownGroup> named = groupRefs.groupsNamed(
                    userEntry.getAttributeValues(users.memberOfAttribute().get()));
            renderRoles(user, named.stream().map(GroupRefCache.KnownGroup::ref).toList());
            // No "type": the directory's memberOf may also list groups reached through nested groups (389-DS), which
            // RFC 7643 section 4.1.2 would call indirect, and it does not say which.
            renderGroupList(user, named.stream().map(g -> new ShownGroup(g.id(), g.ref().displayName())).toList(), null, baseUrl);
            return;
        }
        if (roles.active()) {
            renderRoles(user, roles.groupsOf(ResourceLookup.parsedDn(userEntry),
                    String.valueOf(userEntry.getAttributeValue(users.rdnAttribute()))));
        }
        String value = ids.valueFor(ResourceLookup.parsedDn(userEntry), userEntry.getAttributeValue(users.rdnAttribute()));
        String display = groups.ldapAttributeFor("displayName").orElse(groups.rdnAttribute());
        Filter filter = Filter.createANDFilter(new LdapFilterTranslator(groups).objectClassFilter(),
                Filter.createEqualityFilter(options.memberAttribute(), value));
        List<ShownGroup> found = new ArrayList<>();
        for (SearchResultEntry group : directory.search(groups.base(), groups.scope(), filter, 10_000, groups.idAttribute(), display)) {
            found.add(new ShownGroup(Ids.of(group, groups).orElse(""), group.getAttributeValue(display)));
        }
        renderGroupList(user, found, "direct", baseUrl);
    }

    /** The user's groups as the attribute this instance reads them from, for the read-only {@code groups}. */
    Optional<String> memberOfAttribute() {
        return users.memberOfAttribute();
    }

    /** Forgets what {@link GroupRefCache} knows of {@code group}: this instance renamed, changed or deleted it. */
    void groupChanged(DN group) {
        groupRefs.forget(group);
    }

    private void renderRoles(ObjectNode user, List<GroupRef> userGroups) {
        if (!roles.active()) {
            return;
        }
        ArrayNode roleList = Json.NODES.arrayNode();
        roles.rolesFor(userGroups).forEach(role -> roleList.addObject().put("value", role));
        if (!roleList.isEmpty()) {
            user.set("roles", roleList);
        }
    }

    /** One entry of a user's {@code groups}. */
    private record ShownGroup(String id, String display) {
    }

    private static void renderGroupList(ObjectNode user, List<ShownGroup> shown, String type, String baseUrl) {
        ArrayNode list = Json.NODES.arrayNode();
        for (ShownGroup group : shown) {
            ObjectNode node = list.addObject();
            node.put("value", group.id());
            node.put("$ref", baseUrl + "/Groups/" + group.id());
            node.put("display", group.display());
            if (type != null) {
                node.put("type", type);
            }
        }
        if (!list.isEmpty()) {
            user.set("groups", list);
        }
    }

    /** All member values of a group, read in ranges where the directory returns them so (Active Directory). */
    private List<String> currentValues(DN dn) {
        if (options.rangedReads()) {
            return directory.readAllValues(dn, options.memberAttribute());
        }
        return directory.read(dn, options.memberAttribute()).map(this::valuesOf).orElse(List.of());
    }

    private List<String> valuesOf(Entry entry) {
        if (options.rangedReads() && RangedValues.isRanged(entry, options.memberAttribute())) {
            return currentValues(ResourceLookup.parsedDn(entry));
        }
        String[] values = entry.getAttributeValues(options.memberAttribute());
        return values == null ? List.of() : List.of(values);
    }

    private boolean hasMemberAttribute(Entry entry) {
        return entry.hasAttribute(options.memberAttribute())
                || options.rangedReads() && RangedValues.isRanged(entry, options.memberAttribute());
    }

    private boolean isPlaceholder(String value) {
        return ids.isPlaceholder(value);
    }
}
