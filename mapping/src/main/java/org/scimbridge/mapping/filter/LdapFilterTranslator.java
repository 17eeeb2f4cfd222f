package org.scimbridge.mapping.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

import com.unboundid.ldap.sdk.Filter;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.AttributeRule.Kind;
import org.scimbridge.mapping.config.Lifecycle;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.config.ScimTarget;
import org.scimbridge.mapping.entry.Ids;
import org.scimbridge.mapping.entry.ReferenceResolver;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Not;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.filter.ScimFilter.Present;
import org.scimbridge.mapping.filter.ScimFilter.ValuePath;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Turns a SCIM filter (RFC 7644 section 3.4.2.2) into ONE LDAP filter through UnboundID's {@link Filter} factories,
 * which escape every value (RFC 4515): {@code userName eq "*)(uid=*"} becomes an equality assertion on that literal
 * string, never filter syntax. Attributes the mapping cannot push down are a 400 invalidFilter naming them; the bridge
 * never filters in memory.
 *
 * <p>Multi-valued attributes mapped per type ({@code emails[type eq "work"].value: mail}) are expanded: the element's
 * {@code type} is known from the rule, so conditions on it fold to true or false, and conditions on its sub-attributes
 * become conditions on the rule's LDAP attribute. A value path's conditions are checked against the entry's attribute
 * as a whole, so on an LDAP attribute with several values two conditions may be met by two different values.
 */
public final class LdapFilterTranslator {

    /** Matches nothing on every directory: {@code (!(objectClass=*))}; RFC 4526's {@code (|)} is not universal. */
    public static final Filter MATCH_NOTHING = Filter.createNOTFilter(Filter.createPresenceFilter("objectClass"));
    /** Matches every entry. */
    public static final Filter MATCH_ALL = Filter.createPresenceFilter("objectClass");

    private final ResourceMapping mapping;
    private final Predicate<String> canOrder;
    private final String coreUrn;
    private final String extensionUrn;

    /** A translator that assumes every attribute can be ordered (gt/ge/lt/le). */
    public LdapFilterTranslator(ResourceMapping mapping) {
        this(mapping, attribute -> true);
    }

    /**
     * @param canOrder whether the directory's schema gives an LDAP attribute an ORDERING rule; without one, LDAP
     *                 &gt;= and &lt;= evaluate to Undefined and would silently match nothing (RFC 4511 section 4.5.1.7)
     */
    public LdapFilterTranslator(ResourceMapping mapping, Predicate<String> canOrder) {
        this.mapping = mapping;
        this.canOrder = canOrder;
        boolean users = mapping.resourceType().equals("User");
        this.coreUrn = users ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
        this.extensionUrn = users ? CoreSchemas.ENTERPRISE_USER_URN : null;
    }

    /** The resource type's own condition (its most specific object class) AND the translated filter. */
    public Filter translateScoped(ScimFilter filter, ReferenceResolver resolver) {
        Filter objectClass = objectClassFilter();
        if (filter == null) {
            return objectClass;
        }
        Condition condition = translate(filter, resolver == null ? id -> Optional.empty() : resolver, null);
        return switch (condition) {
            case Condition.Constant c when c.value() -> objectClass;
            case Condition.Constant c -> MATCH_NOTHING;
            case Condition.Ldap l -> Filter.createANDFilter(objectClass, l.filter());
        };
    }

    /** The translated filter alone; {@link #MATCH_ALL} or {@link #MATCH_NOTHING} when it folds to a constant. */
    public Filter translate(ScimFilter filter, ReferenceResolver resolver) {
        return translate(filter, resolver, null).toFilter();
    }

    /** The resource type's own entries: its most specific object class, without soft-deleted users. */
    public Filter objectClassFilter() {
        Filter objectClass = Filter.createEqualityFilter("objectClass", mapping.objectClasses().getLast());
        if (mapping.lifecycle().delete() instanceof Lifecycle.Delete.Soft soft && soft.tagAttribute().isPresent()) {
            // Soft-deleted users are gone for SCIM (404), though their entries stay in the directory.
            return Filter.createANDFilter(objectClass,
                    Filter.createNOTFilter(Filter.createEqualityFilter(soft.tagAttribute().get(), soft.tagValue().orElseThrow())));
        }
        return objectClass;
    }

    /** {@code element} is non-null inside a value path: the attribute and type of the element being tested. */
    private Condition translate(ScimFilter filter, ReferenceResolver resolver, Element element) {
        return switch (filter) {
            case And and -> Condition.and(translate(and.left(), resolver, element), translate(and.right(), resolver, element));
            case Or or -> Condition.or(translate(or.left(), resolver, element), translate(or.right(), resolver, element));
            case Not not -> Condition.not(translate(not.inner(), resolver, element));
            case Present present -> present(resolve(present.path(), element, true), present.path());
            case Compare compare -> compare(compare, resolve(compare.path(), element, false), resolver);
            case ValuePath valuePath -> valuePath(valuePath, resolver, element);
        };
    }

    private Condition valuePath(ValuePath valuePath, ReferenceResolver resolver, Element outer) {
        if (outer != null) {
            throw ScimException.invalidFilter("value paths cannot be nested: '" + valuePath + "'");
        }
        AttributePath attribute = valuePath.attribute();
        Optional<Resolved> membership = MembershipPaths.resolve(mapping, coreUrn,
                new AttributePath(attribute.schemaUrn(), attribute.name(), "value"));
        if (membership.isPresent()) {
            // members[value eq "id"] (Entra, Okta with the aadOptscim062020 style) means members.value eq "id".
            return translate(valuePath.filter(), resolver, new Element(coreUrn, attribute.name(), null, membership.get()));
        }
        String urn = urnOf(attribute);
        List<String> types = mapping.rules().stream().map(AttributeRule::target)
                .filter(t -> t.sameAttribute(urn, attribute.name()) && t.isMultiValuedElement())
                .map(ScimTarget::type).distinct().toList();
        if (types.isEmpty()) {
            throw notMapped(attribute);
        }
        // Some element matches: an element of one of the mapped types exists and satisfies the inner filter.
        Condition any = Condition.FALSE;
        for (String type : types) {
            Element element = new Element(urn, attribute.name(), type, null);
            Condition exists = present(resolveElement(element, null), attribute);
            any = Condition.or(any, Condition.and(exists, translate(valuePath.filter(), resolver, element)));
        }
        return any;
    }

    private Condition compare(Compare compare, Resolved target, ReferenceResolver resolver) {
        CompareOperator op = compare.op();
        return switch (target) {
            case Resolved.Constant constant -> constantCompare(compare, constant.value());
            case Resolved.Id id -> idCompare(compare);
            case Resolved.Active active -> activeCompare(compare);
            case Resolved.Attributes attributes when attributes.names().isEmpty() ->
                    op == CompareOperator.NE ? Condition.TRUE : Condition.FALSE; // not stored for this element type
            case Resolved.LastModified last -> {
                // RFC 7643 section 3.1: never modified means lastModified equals created; ApacheDS, for one, writes
                // modifyTimestamp only on the first modify, so entries without it are compared by createTimestamp.
                Condition modified = compare(compare, timestamp(last.modified()), resolver);
                Condition created = compare(compare, timestamp(last.created()), resolver);
                Condition hasModified = Condition.ldap(Filter.createPresenceFilter(last.modified()));
                yield Condition.or(Condition.and(hasModified, modified), Condition.and(Condition.not(hasModified), created));
            }
            case Resolved.Attributes attributes -> {
                if (compare.value() instanceof NullValue) {
                    // RFC 7644 section 3.4.2.2: "eq null" matches an absent attribute, "ne null" a present one.
                    Condition present = present(attributes, compare.path());
                    yield switch (op) {
                        case EQ -> Condition.not(present);
                        case NE -> present;
                        default -> throw ScimException.invalidFilter("null can only be compared with eq or ne in '" + compare + "'");
                    };
                }
                if (op.isOrdering()) {
                    for (String name : attributes.names()) {
                        if (!canOrder.test(name)) {
                            throw ScimException.invalidFilter("'" + compare.path() + "' cannot be compared with " + op.keyword()
                                    + ": the directory's schema gives " + name + " no ordering rule");
                        }
                    }
                }
                String value = FilterValues.assertion(compare, attributes.type(), attributes.kind(), resolver);
                if (value == null) {
                    yield op == CompareOperator.NE ? Condition.TRUE : Condition.FALSE; // an unknown referenced id
                }
                if (op == CompareOperator.NE) {
                    // Not equal in ANY of the attributes: the negation of "equal in one of them", not an OR of negations.
                    yield Condition.not(Condition.ldap(anyOf(attributes.names(),
                            a -> LdapComparisons.compare(a, CompareOperator.EQ, value))));
                }
                yield Condition.ldap(anyOf(attributes.names(), a -> LdapComparisons.compare(a, op, value)));
            }
        };
    }

    private Condition idCompare(Compare compare) {
        if (compare.op() != CompareOperator.EQ && compare.op() != CompareOperator.NE) {
            throw ScimException.invalidFilter("'id' supports only eq and ne, not '" + compare + "'");
        }
        String id = FilterValues.text(compare);
        // A malformed id cannot match: say so without asking the directory, which may reject the assertion syntax.
        Condition match = Ids.matching(mapping, id).map(Condition::ldap).orElse(Condition.FALSE);
        return compare.op() == CompareOperator.EQ ? match : Condition.not(match);
    }

    /** {@code active eq true|false} through the first lifecycle strategy (Entra's "True"/"False" included). */
    private Condition activeCompare(Compare compare) {
        if (compare.op() != CompareOperator.EQ && compare.op() != CompareOperator.NE) {
            throw ScimException.invalidFilter("'active' can only be compared with eq or ne");
        }
        boolean wanted = switch (compare.value()) {
            case FilterValue.BooleanValue b -> b.value();
            case FilterValue.StringValue s when s.value().equalsIgnoreCase("true") || s.value().equalsIgnoreCase("false") ->
                    s.value().equalsIgnoreCase("true");
            default -> throw ScimException.invalidFilter("'active' is a boolean; compare it with true or false");
        };
        Condition inactive = switch (mapping.lifecycle().active().getFirst()) {
            case Lifecycle.ActiveStrategy.Value value -> Condition.ldap(Filter.createEqualityFilter(value.attribute(), value.disabled()));
            // Active Directory's bitwise AND matching rule (LDAP_MATCHING_RULE_BIT_AND, 1.2.840.113556.1.4.803).
            case Lifecycle.ActiveStrategy.Bit bit -> Condition.ldap(Filter.createExtensibleMatchFilter(bit.attribute(),
                    "1.2.840.113556.1.4.803", false, Long.toString(bit.bit())));
            case Lifecycle.ActiveStrategy.Move move -> throw ScimException.invalidFilter(
                    "'active' is stored by moving entries and cannot be filtered on in one LDAP filter");
        };
        boolean matchInactive = !wanted ^ compare.op() == CompareOperator.NE;
        return matchInactive ? inactive : Condition.not(inactive);
    }

    /** A comparison on a value the rule fixes, such as an element's {@code type} or {@code meta.resourceType}. */
    private static Condition constantCompare(Compare compare, String actual) {
        String expected = FilterValues.text(compare).toLowerCase(Locale.ROOT);
        String value = actual.toLowerCase(Locale.ROOT);
        boolean result = switch (compare.op()) {
            case EQ -> value.equals(expected);
            case NE -> !value.equals(expected);
            case CO -> value.contains(expected);
            case SW -> value.startsWith(expected);
            case EW -> value.endsWith(expected);
            case GT -> value.compareTo(expected) > 0;
            case GE -> value.compareTo(expected) >= 0;
            case LT -> value.compareTo(expected) < 0;
            case LE -> value.compareTo(expected) <= 0;
        };
        return result ? Condition.TRUE : Condition.FALSE;
    }

    private static Condition present(Resolved target, AttributePath path) {
        return switch (target) {
            case Resolved.Constant constant -> Condition.TRUE;
            case Resolved.Id id -> Condition.TRUE;
            case Resolved.Active active -> Condition.TRUE;
            case Resolved.LastModified last -> Condition.TRUE;
            case Resolved.Attributes attributes when attributes.names().isEmpty() -> Condition.FALSE;
            case Resolved.Attributes attributes -> Condition.ldap(anyOf(attributes.names(), Filter::createPresenceFilter));
        };
    }

    private static Resolved timestamp(String attribute) {
        return new Resolved.Attributes(List.of(attribute), Type.DATE_TIME, Kind.STRING);
    }

    /**
     * What a path denotes for this mapping: LDAP attributes, the id, or a value fixed by the rules. {@code whole} is
     * set for {@code pr}, which RFC 7644 allows on a complex attribute as a whole ({@code addresses pr}).
     */
    private Resolved resolve(AttributePath path, Element element, boolean whole) {
        if (element != null) {
            if (path.schemaUrn() != null || path.subAttribute() != null) {
                throw ScimException.invalidFilter("'" + path + "' inside [...] must be a plain sub-attribute name");
            }
            return resolveElement(element, path.name());
        }
        String urn = urnOf(path);
        if (urn.equalsIgnoreCase(coreUrn) && path.subAttribute() == null && path.name().equalsIgnoreCase("id")) {
            return new Resolved.Id();
        }
        if (urn.equalsIgnoreCase(coreUrn) && path.name().equalsIgnoreCase("meta")) {
            return meta(path);
        }
        if (urn.equalsIgnoreCase(coreUrn) && path.name().equalsIgnoreCase("active") && !mapping.lifecycle().active().isEmpty()) {
            return new Resolved.Active();
        }
        Optional<Resolved> membership = MembershipPaths.resolve(mapping, coreUrn, path);
        if (membership.isPresent()) {
            return membership.get();
        }
        List<AttributeRule> rules = mapping.rules().stream().filter(r -> r.target().sameAttribute(urn, path.name())).toList();
        if (rules.isEmpty()) {
            throw notMapped(path);
        }
        AttributeRule first = rules.getFirst();
        if (first.target().subAttribute() == null) {
            // A simple attribute has no sub-attributes: "userName.givenName" names nothing.
            if (path.subAttribute() != null) {
                throw notMapped(path);
            }
            return attributes(rules, path);
        }
        if (path.subAttribute() == null && whole) {
            return attributes(rules, path); // "name pr", "addresses pr": any mapped part present
        }
        if (first.target().isMultiValuedElement() && path.subAttribute() != null && path.subAttribute().equalsIgnoreCase("type")) {
            throw ScimException.invalidFilter("compare the type inside a value path, e.g. " + path.name() + "[type eq \"work\"]");
        }
        // emails and manager stand for their value (RFC 7643 section 2.4); other complex attributes need a sub-attribute.
        boolean hasValue = rules.stream().anyMatch(r -> r.target().subAttribute().equals("value"));
        if (path.subAttribute() == null && !hasValue) {
            throw ScimException.invalidFilter("'" + path + "' is complex: compare one of its sub-attributes, e.g. "
                    + path.name() + "." + first.target().subAttribute());
        }
        String sub = path.subAttribute() == null ? "value" : path.subAttribute();
        return attributes(rules.stream().filter(r -> r.target().subAttribute().equalsIgnoreCase(sub)).toList(), path);
    }

    private Resolved resolveElement(Element element, String sub) {
        if (element.membership() != null) {
            if (sub == null || sub.equalsIgnoreCase("value")) {
                return element.membership();
            }
            throw ScimException.invalidFilter("only 'value' of " + element.attribute() + " can be filtered on");
        }
        if (sub != null && sub.equalsIgnoreCase("type")) {
            return new Resolved.Constant(element.type());
        }
        if (sub != null && sub.equalsIgnoreCase("primary")) {
            throw ScimException.invalidFilter("'primary' is not stored in the directory and cannot be filtered on");
        }
        List<AttributeRule> ofAttribute = mapping.rules().stream()
                .filter(r -> r.target().sameAttribute(element.urn(), element.attribute())
                        && (sub == null || r.target().subAttribute().equalsIgnoreCase(sub)))
                .toList();
        if (ofAttribute.isEmpty()) {
            throw ScimException.invalidFilter("'" + element.attribute() + "." + sub + "' is not mapped to the directory and cannot be "
                    + "filtered on");
        }
        List<AttributeRule> ofType = ofAttribute.stream().filter(r -> element.type().equalsIgnoreCase(r.target().type())).toList();
        if (ofType.isEmpty()) {
            return new Resolved.Attributes(List.of(), Type.STRING, Kind.STRING); // another type stores it, this one never does
        }
        return attributes(ofType, null);
    }

    private Resolved meta(AttributePath path) {
        String sub = path.subAttribute() == null ? "" : path.subAttribute().toLowerCase(Locale.ROOT);
        return switch (sub) {
            case "created" -> timestamp(mapping.createdAttribute());
            case "lastmodified" -> new Resolved.LastModified(mapping.modifiedAttribute(), mapping.createdAttribute());
            case "resourcetype" -> new Resolved.Constant(mapping.resourceType());
            default -> throw ScimException.invalidFilter("'" + path + "' cannot be filtered on; use meta.created, "
                    + "meta.lastModified or meta.resourceType");
        };
    }

    private Resolved attributes(List<AttributeRule> rules, AttributePath path) {
        if (rules.isEmpty()) {
            throw notMapped(path);
        }
        Set<String> names = new LinkedHashSet<>();
        rules.forEach(r -> names.add(r.ldapAttribute()));
        AttributeRule first = rules.getFirst();
        return new Resolved.Attributes(new ArrayList<>(names), first.definition().type(), first.kind());
    }

    private String urnOf(AttributePath path) {
        if (path.schemaUrn() == null) {
            return coreUrn;
        }
        if (path.schemaUrn().equalsIgnoreCase(coreUrn) || extensionUrn != null && path.schemaUrn().equalsIgnoreCase(extensionUrn)) {
            return path.schemaUrn().equalsIgnoreCase(coreUrn) ? coreUrn : extensionUrn;
        }
        throw ScimException.invalidFilter("schema '" + path.schemaUrn() + "' is not used by " + mapping.resourceType() + " resources");
    }

    private ScimException notMapped(AttributePath path) {
        return ScimException.invalidFilter("attribute '" + path + "' is not mapped to the directory and cannot be filtered on");
    }

    private static Filter anyOf(List<String> attributes, Function<String, Filter> each) {
        if (attributes.size() == 1) {
            return each.apply(attributes.getFirst());
        }
        return Filter.createORFilter(attributes.stream().map(each).toList());
    }

    /** The element a value path's inner filter is about; {@code membership} is set for members/groups. */
    private record Element(String urn, String attribute, String type, Resolved membership) {
    }
}
