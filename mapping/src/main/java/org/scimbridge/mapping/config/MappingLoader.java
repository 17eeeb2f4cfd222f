package org.scimbridge.mapping.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.SearchScope;

import org.scimbridge.mapping.config.ResourceMapping.GroupOptions;
import org.scimbridge.mapping.config.ResourceMapping.IdSyntax;
import org.scimbridge.mapping.roles.RoleRulesLoader;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Reads a mapping YAML file into a {@link MappingConfig}, checking every key: a mistake stops start-up with the file, the
 * key and the reason rather than surfacing later as a failed request.
 */
public final class MappingLoader {

    /** LDAP attribute descriptions (RFC 4512 section 2.5): a name or numeric OID, with options. */
    private static final Pattern LDAP_ATTRIBUTE = Pattern.compile("([A-Za-z][A-Za-z0-9-]*|[0-9]+(\\.[0-9]+)+)(;[A-Za-z0-9-]+)*");
    private static final Set<String> RESOURCE_KEYS = Set.of("base", "scope", "objectClasses", "rdn", "id", "idSyntax", "version",
            "created", "lastModified", "attributes", "required");
    private static final Set<String> USER_KEYS = union(RESOURCE_KEYS, Set.of("memberOf", "active", "deactivation", "delete",
            "password"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]+)}");
    private static final Set<String> GROUP_KEYS = union(RESOURCE_KEYS, Set.of("membership"));

    private MappingLoader() {
    }

    public static MappingConfig load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "", "cannot be read: " + e.getMessage());
        }
    }

    public static MappingConfig load(String source, InputStream in) {
        JsonNode tree;
        try {
            // A key given twice is a mistake to report, not a value to silently overwrite.
            tree = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build().readTree(in);
        } catch (JacksonException e) {
            throw new ConfigException(source, "", "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()));
        } catch (IOException e) {
            throw new ConfigException(source, "", "cannot be read: " + e.getMessage());
        }
        YamlNode root = new YamlNode(source, "", tree);
        if (!root.isObject()) {
            throw root.error("must be a YAML map with a 'users' key");
        }
        root.rejectUnknownKeys(Set.of("users", "groups", "roles"));
        ResourceMapping users = resource(root.get("users"), "User", CoreSchemas.USER_URN, USER_KEYS);
        Optional<ResourceMapping> groups = root.get("groups").isMissing() ? Optional.empty()
                : Optional.of(resource(root.get("groups"), "Group", CoreSchemas.GROUP_URN, GROUP_KEYS));
        if (groups.isPresent() && groups.get().base().isDescendantOf(users.base(), true)
                && users.scope() == SearchScope.SUB) {
            throw root.get("groups").get("base").error("must not lie inside the users subtree when users.scope is sub");
        }
        return new MappingConfig(source, users, groups, RoleRulesLoader.load(source, tree.get("roles"), users, groups));
    }

    private static ResourceMapping resource(YamlNode node, String resourceType, String coreUrn, Set<String> keys) {
        if (!node.isObject()) {
            throw node.error(node.isMissing() ? "is required" : "must be a map");
        }
        node.rejectUnknownKeys(keys);
        DN base = dn(node.get("base"));
        SearchScope scope = switch (node.get("scope").text("one").toLowerCase(Locale.ROOT)) {
            case "one" -> SearchScope.ONE;
            case "sub" -> SearchScope.SUB;
            default -> throw node.get("scope").error("must be 'one' or 'sub'");
        };
        List<String> objectClasses = node.get("objectClasses").textList();
        objectClasses.forEach(oc -> ldapName(node.get("objectClasses"), oc));
        String rdn = ldapName(node.get("rdn"), node.get("rdn").text());
        String id = ldapName(node.get("id"), node.get("id").text("entryUUID"));
        IdSyntax idSyntax = switch (node.get("idSyntax").text(id.equalsIgnoreCase("entryUUID") ? "uuid"
                        : id.equalsIgnoreCase("objectGUID") ? "guid" : "any")
                .toLowerCase(Locale.ROOT)) {
            case "uuid" -> IdSyntax.UUID;
            case "any" -> IdSyntax.ANY;
            case "guid" -> IdSyntax.GUID;
            default -> throw node.get("idSyntax").error("must be 'uuid', 'guid' or 'any'");
        };
        String version = ldapName(node.get("version"), node.get("version").text("modifyTimestamp"));
        String created = ldapName(node.get("created"), node.get("created").text("createTimestamp"));
        String modified = ldapName(node.get("lastModified"), node.get("lastModified").text("modifyTimestamp"));

        List<AttributeRule> rules = rules(node.get("attributes"), coreUrn);
        String nameAttribute = resourceType.equals("User") ? "userName" : "displayName";
        rules.stream().filter(r -> r.target().sameAttribute(coreUrn, nameAttribute)).findFirst()
                .orElseThrow(() -> node.get("attributes").error("must map '" + nameAttribute + "' (RFC 7643 makes it required)"));
        Map<String, List<ValueSource>> required = required(node.get("required"), coreUrn);
        // New entries are named by the rdn attribute, so some rule or required fallback must give it a value: usually
        // the attribute userName maps to; Active Directory names users by cn while userName is the UPN.
        boolean named = rules.stream().anyMatch(r -> r.ldapAttribute().equalsIgnoreCase(rdn))
                || required.keySet().stream().anyMatch(a -> a.equalsIgnoreCase(rdn));
        if (!named) {
            throw node.get("rdn").error("'" + rdn + "' must be the LDAP side of an attribute rule (usually " + nameAttribute
                    + ") or a key of 'required', so that new entries can be named");
        }
        Optional<GroupOptions> groupOptions = resourceType.equals("Group") ? Optional.of(membership(node.get("membership")))
                : Optional.empty();
        Optional<String> memberOf = node.get("memberOf").isMissing() ? Optional.empty()
                : Optional.of(ldapName(node.get("memberOf"), node.get("memberOf").text()));
        Lifecycle lifecycle = resourceType.equals("User") ? LifecycleLoader.load(node, base, scope) : Lifecycle.NONE;
        return new ResourceMapping(resourceType, base, scope, objectClasses, rdn, id, idSyntax, version, created, modified,
                rules, required, memberOf, groupOptions, lifecycle);
    }

    /** {@code membership: member}, or a map with attribute, values, placeholder, chunkSize and rangedReads. */
    private static GroupOptions membership(YamlNode node) {
        if (node.isMissing()) {
            return new GroupOptions("member");
        }
        if (node.isText()) {
            return new GroupOptions(ldapName(node, node.text()));
        }
        node.rejectUnknownKeys(Set.of("attribute", "values", "placeholder", "chunkSize", "rangedReads"));
        String attribute = ldapName(node.get("attribute"), node.get("attribute").text());
        GroupOptions defaults = new GroupOptions(attribute);
        ResourceMapping.MemberValues values = switch (node.get("values").text(defaults.values().name()).toLowerCase(Locale.ROOT)) {
            case "dn" -> ResourceMapping.MemberValues.DN;
            case "name" -> ResourceMapping.MemberValues.NAME;
            default -> throw node.get("values").error("must be 'dn' or 'name'");
        };
        Optional<String> placeholder = node.get("placeholder").isMissing() ? Optional.empty()
                : Optional.of(node.get("placeholder").text());
        if (placeholder.isPresent() && values == ResourceMapping.MemberValues.DN) {
            try {
                new DN(placeholder.get());
            } catch (LDAPException e) {
                throw node.get("placeholder").error("must be a DN for a DN-valued member attribute: " + e.getExceptionMessage());
            }
        }
        int chunkSize;
        try {
            chunkSize = Integer.parseInt(node.get("chunkSize").text("500"));
        } catch (NumberFormatException e) {
            throw node.get("chunkSize").error("must be a whole number");
        }
        if (chunkSize < 1 || chunkSize > 100_000) {
            throw node.get("chunkSize").error("must be between 1 and 100000");
        }
        String ranged = node.get("rangedReads").text("false").toLowerCase(Locale.ROOT);
        if (!ranged.equals("true") && !ranged.equals("false")) {
            throw node.get("rangedReads").error("must be true or false");
        }
        return new GroupOptions(attribute, values, placeholder, chunkSize, ranged.equals("true"));
    }

    private static List<AttributeRule> rules(YamlNode attributes, String coreUrn) {
        List<AttributeRule> rules = new ArrayList<>();
        Set<String> seenTargets = new HashSet<>();
        Map<String, String> ldapOwners = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> entry : attributes.entries().entrySet()) {
            YamlNode value = entry.getValue();
            AttributeRule rule = TargetParser.rule(entry.getKey(), ldapName(value, value.text()), coreUrn, value);
            if (!seenTargets.add(rule.target().lowerKey())) {
                throw value.error("maps the same SCIM attribute twice");
            }
            String previous = ldapOwners.putIfAbsent(rule.ldapAttribute().toLowerCase(Locale.ROOT), entry.getKey());
            if (previous != null) {
                throw value.error("LDAP attribute '" + rule.ldapAttribute() + "' is already mapped from '" + previous
                        + "'; one LDAP attribute can hold only one SCIM attribute");
            }
            rules.add(rule);
        }
        return rules;
    }

    private static Map<String, List<ValueSource>> required(YamlNode node, String coreUrn) {
        Map<String, List<ValueSource>> required = new LinkedHashMap<>();
        if (node.isMissing()) {
            return required;
        }
        for (Map.Entry<String, YamlNode> entry : node.entries().entrySet()) {
            String ldapAttribute = ldapName(entry.getValue(), entry.getKey());
            List<ValueSource> sources = new ArrayList<>();
            for (String source : entry.getValue().textList()) {
                sources.add(source.contains("{") ? template(source, coreUrn, entry.getValue())
                        : new ValueSource.Path(TargetParser.target(source, coreUrn, entry.getValue())));
            }
            required.put(ldapAttribute, sources);
        }
        return required;
    }

    private static ValueSource template(String text, String coreUrn, YamlNode where) {
        Matcher m = PLACEHOLDER.matcher(text);
        List<String> literals = new ArrayList<>();
        List<ScimTarget> parts = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            literals.add(text.substring(last, m.start()));
            parts.add(TargetParser.target(m.group(1), coreUrn, where));
            last = m.end();
        }
        literals.add(text.substring(last));
        if (parts.isEmpty() || literals.stream().anyMatch(l -> l.contains("{") || l.contains("}"))) {
            throw where.error("'" + text + "' is not a template of the form \"{name.givenName} {name.familyName}\"");
        }
        return new ValueSource.Template(text, literals, parts);
    }

    private static DN dn(YamlNode node) {
        try {
            return new DN(node.text());
        } catch (LDAPException e) {
            throw node.error("is not a valid DN: " + e.getExceptionMessage());
        }
    }

    private static String ldapName(YamlNode node, String name) {
        if (!LDAP_ATTRIBUTE.matcher(name).matches()) {
            throw node.error("'" + name + "' is not a valid LDAP attribute or object class name");
        }
        return name;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
