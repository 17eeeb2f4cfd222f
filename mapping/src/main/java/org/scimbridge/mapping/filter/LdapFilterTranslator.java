package org.scimbridge.mapping.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.unboundid.ldap.sdk.Filter;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.config.AttributeRule;
import org.scimbridge.mapping.config.ResourceMapping;
import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.FilterValue.NumberValue;
import org.scimbridge.mapping.filter.FilterValue.StringValue;
import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Not;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.filter.ScimFilter.Present;
import org.scimbridge.mapping.filter.ScimFilter.ValuePath;
import org.scimbridge.mapping.schema.CoreSchemas;

/**
 * Turns a SCIM filter into ONE LDAP filter through UnboundID's {@link Filter} factories, which escape every value
 * (RFC 4515): {@code userName eq "*)(uid=*"} becomes an equality assertion on that literal string, never filter syntax.
 * Attributes the mapping cannot push down are a 400 invalidFilter naming them; the bridge never filters in memory.
 */
public final class LdapFilterTranslator {

    /** Matches nothing on every directory: {@code (!(objectClass=*))}; RFC 4526's {@code (|)} is not universal. */
    public static final Filter MATCH_NOTHING = Filter.createNOTFilter(Filter.createPresenceFilter("objectClass"));

    private final ResourceMapping mapping;
    private final String coreUrn;

    public LdapFilterTranslator(ResourceMapping mapping) {
        this.mapping = mapping;
        this.coreUrn = mapping.resourceType().equals("User") ? CoreSchemas.USER_URN : CoreSchemas.GROUP_URN;
    }

    /** The resource type's own condition (its most specific object class) AND the translated filter. */
    public Filter translateScoped(ScimFilter filter) {
        Filter objectClass = objectClassFilter();
        return filter == null ? objectClass : Filter.createANDFilter(objectClass, translate(filter));
    }

    public Filter objectClassFilter() {
        return Filter.createEqualityFilter("objectClass", mapping.objectClasses().getLast());
    }

    public Filter translate(ScimFilter filter) {
        return switch (filter) {
            case And and -> Filter.createANDFilter(translate(and.left()), translate(and.right()));
            case Or or -> Filter.createORFilter(translate(or.left()), translate(or.right()));
            case Not not -> Filter.createNOTFilter(translate(not.inner()));
            case Present present -> anyOf(attributes(present.path()), Filter::createPresenceFilter);
            case Compare compare -> compare(compare);
            case ValuePath valuePath -> throw ScimException.invalidFilter("value path filters such as '" + valuePath
                    + "' are not supported yet");
        };
    }

    private Filter compare(Compare compare) {
        if (isId(compare.path())) {
            return idComparison(compare);
        }
        List<String> attributes = attributes(compare.path());
        if (compare.value() instanceof NullValue) {
            // RFC 7644 section 3.4.2.2: "eq null" matches an absent attribute, "ne null" a present one.
            Filter present = anyOf(attributes, Filter::createPresenceFilter);
            return switch (compare.op()) {
                case EQ -> Filter.createNOTFilter(present);
                case NE -> present;
                default -> throw ScimException.invalidFilter("null can only be compared with eq or ne in '" + compare + "'");
            };
        }
        String value = text(compare);
        return switch (compare.op()) {
            case EQ -> anyOf(attributes, a -> Filter.createEqualityFilter(a, value));
            case NE -> Filter.createNOTFilter(anyOf(attributes, a -> Filter.createEqualityFilter(a, value)));
            case CO -> anyOf(attributes, a -> Filter.createSubstringFilter(a, null, new String[] {value}, null));
            case SW -> anyOf(attributes, a -> Filter.createSubstringFilter(a, value, null, null));
            case EW -> anyOf(attributes, a -> Filter.createSubstringFilter(a, null, null, value));
            case GE -> anyOf(attributes, a -> Filter.createGreaterOrEqualFilter(a, value));
            case LE -> anyOf(attributes, a -> Filter.createLessOrEqualFilter(a, value));
            // LDAP has no strict ordering filters (RFC 4511 section 4.5.1.7): > is >= and not =.
            case GT -> anyOf(attributes, a -> Filter.createANDFilter(Filter.createGreaterOrEqualFilter(a, value),
                    Filter.createNOTFilter(Filter.createEqualityFilter(a, value))));
            case LT -> anyOf(attributes, a -> Filter.createANDFilter(Filter.createLessOrEqualFilter(a, value),
                    Filter.createNOTFilter(Filter.createEqualityFilter(a, value))));
        };
    }

    private Filter idComparison(Compare compare) {
        String id = text(compare);
        if (compare.op() != CompareOperator.EQ && compare.op() != CompareOperator.NE) {
            throw ScimException.invalidFilter("'id' supports only eq and ne");
        }
        // A malformed id cannot match: say so without asking the directory, which may reject the assertion syntax.
        Filter match = !mapping.idSyntax().accepts(id) ? MATCH_NOTHING
                : Filter.createEqualityFilter(mapping.idAttribute(), id);
        return compare.op() == CompareOperator.EQ ? match : Filter.createNOTFilter(match);
    }

    private boolean isId(AttributePath path) {
        return path.subAttribute() == null && path.name().equalsIgnoreCase("id")
                && (path.schemaUrn() == null || path.schemaUrn().equalsIgnoreCase(coreUrn));
    }

    /** The LDAP attributes holding {@code path}; several for multi-valued attributes mapped per type (emails). */
    private List<String> attributes(AttributePath path) {
        String urn = path.schemaUrn() == null ? coreUrn : path.schemaUrn();
        List<String> attributes = new ArrayList<>();
        for (AttributeRule rule : mapping.rules()) {
            var target = rule.target();
            if (!target.sameAttribute(urn, path.name())) {
                continue;
            }
            String sub = path.subAttribute();
            boolean matches = target.subAttribute() == null ? sub == null
                    : sub != null ? target.subAttribute().equalsIgnoreCase(sub)
                    : target.isMultiValuedElement() && target.subAttribute().equals("value");
            if (matches) {
                attributes.add(rule.ldapAttribute());
            }
        }
        if (attributes.isEmpty()) {
            throw ScimException.invalidFilter("attribute '" + path + "' is not mapped to the directory and cannot be filtered on");
        }
        return attributes;
    }

    private static String text(Compare compare) {
        return switch (compare.value()) {
            case StringValue s -> s.value();
            case NumberValue n -> n.value().toPlainString();
            case BooleanValue b -> Boolean.toString(b.value()).toUpperCase(Locale.ROOT);
            case NullValue n -> throw ScimException.invalidFilter("null is not a comparable value");
        };
    }

    private static Filter anyOf(List<String> attributes, java.util.function.Function<String, Filter> each) {
        if (attributes.size() == 1) {
            return each.apply(attributes.getFirst());
        }
        return Filter.createORFilter(attributes.stream().map(each).toList());
    }
}
