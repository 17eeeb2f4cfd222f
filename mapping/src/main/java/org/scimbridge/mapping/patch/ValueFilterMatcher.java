package org.scimbridge.mapping.patch;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import org.scimbridge.mapping.ScimException;
import org.scimbridge.mapping.entry.Json;
import org.scimbridge.mapping.filter.AttributePath;
import org.scimbridge.mapping.filter.CompareOperator;
import org.scimbridge.mapping.filter.FilterValue;
import org.scimbridge.mapping.filter.FilterValue.BooleanValue;
import org.scimbridge.mapping.filter.FilterValue.NullValue;
import org.scimbridge.mapping.filter.FilterValue.NumberValue;
import org.scimbridge.mapping.filter.FilterValue.StringValue;
import org.scimbridge.mapping.filter.ScimFilter;
import org.scimbridge.mapping.filter.ScimFilter.And;
import org.scimbridge.mapping.filter.ScimFilter.Compare;
import org.scimbridge.mapping.filter.ScimFilter.Not;
import org.scimbridge.mapping.filter.ScimFilter.Or;
import org.scimbridge.mapping.filter.ScimFilter.Present;
import org.scimbridge.mapping.filter.ScimFilter.ValuePath;
import org.scimbridge.mapping.schema.AttributeDefinition;
import org.scimbridge.mapping.schema.AttributeDefinition.Type;

/**
 * Evaluates the value filter of a PATCH path ({@code emails[type eq "work"]}) against one value of the multi-valued
 * attribute, in memory. Comparison follows RFC 7644 section 3.4.2.2: strings case-insensitively unless the
 * sub-attribute is caseExact, booleans only with {@code eq}/{@code ne}, numbers and dateTimes by value.
 */
final class ValueFilterMatcher {

    private ValueFilterMatcher() {
    }

    /**
     * Checks that every path in {@code filter} names a sub-attribute of {@code attribute}, so a typo fails even when
     * the attribute has no values yet.
     *
     * @throws ScimException 400 invalidPath
     */
    static void validate(ScimFilter filter, AttributeDefinition attribute) {
        switch (filter) {
            case And a -> {
                validate(a.left(), attribute);
                validate(a.right(), attribute);
            }
            case Or o -> {
                validate(o.left(), attribute);
                validate(o.right(), attribute);
            }
            case Not n -> validate(n.inner(), attribute);
            case Present p -> member(p.path(), attribute);
            case Compare c -> {
                AttributeDefinition member = member(c.path(), attribute);
                if (member.type() == Type.BOOLEAN && !(c.value() instanceof NullValue)) {
                    booleanOperand(c);
                }
            }
            case ValuePath v -> throw ScimException.invalidPath("value filters cannot be nested: '" + v + "'");
        }
    }

    /** Whether {@code element}, one value of {@code attribute}, satisfies {@code filter}. */
    static boolean matches(ScimFilter filter, JsonNode element, AttributeDefinition attribute) {
        return switch (filter) {
            case And a -> matches(a.left(), element, attribute) && matches(a.right(), element, attribute);
            case Or o -> matches(o.left(), element, attribute) || matches(o.right(), element, attribute);
            case Not n -> !matches(n.inner(), element, attribute);
            case Present p -> present(value(element, p.path(), attribute));
            case Compare c -> compare(c, value(element, c.path(), attribute), member(c.path(), attribute));
            case ValuePath v -> throw ScimException.invalidPath("value filters cannot be nested: '" + v + "'");
        };
    }

    /** The sub-attribute a filter path names; for a multi-valued simple attribute, {@code value} is the value itself. */
    static AttributeDefinition member(AttributePath path, AttributeDefinition attribute) {
        if (path.schemaUrn() != null || path.hasSubAttribute()) {
            throw ScimException.invalidPath("'" + path + "' inside " + attribute.name() + "[...] must be a plain"
                    + " sub-attribute name such as 'type'");
        }
        if (attribute.type() != Type.COMPLEX) {
            if (path.name().equalsIgnoreCase("value")) {
                return attribute;
            }
            throw ScimException.invalidPath("the values of '" + attribute.name() + "' are simple; filter them with 'value'");
        }
        return attribute.subAttribute(path.name()).orElseThrow(() -> ScimException.invalidPath(
                "'" + attribute.name() + "' has no sub-attribute '" + path.name() + "'"));
    }

    private static JsonNode value(JsonNode element, AttributePath path, AttributeDefinition attribute) {
        if (attribute.type() != Type.COMPLEX) {
            return element;
        }
        return Json.field(element, path.name()).orElse(null);
    }

    private static boolean present(JsonNode value) {
        return value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())
                && !(value.isTextual() && value.textValue().isEmpty());
    }

    private static boolean compare(Compare compare, JsonNode actual, AttributeDefinition member) {
        CompareOperator op = compare.op();
        if (compare.value() instanceof NullValue) {
            // RFC 7643 section 2.5: null and unassigned are the same state.
            return (op == CompareOperator.EQ) != present(actual);
        }
        if (actual == null || actual.isNull()) {
            return op == CompareOperator.NE;
        }
        return switch (member.type()) {
            case BOOLEAN -> actual.isBoolean()
                    && (actual.booleanValue() == booleanOperand(compare)) == (op == CompareOperator.EQ);
            case INTEGER, DECIMAL -> actual.isNumber() && compare.value() instanceof NumberValue n && !substring(op)
                    ? ordered(op, actual.decimalValue().compareTo(n.value()))
                    : text(op, actual, compare.value(), true);
            case DATE_TIME -> dateTime(op, actual, compare.value()).orElseGet(() -> text(op, actual, compare.value(), true));
            default -> text(op, actual, compare.value(), member.caseExact());
        };
    }

    /** A boolean operand, with Entra's {@code "True"} (pingidentity/scim2#239) accepted through {@link PatchLeniency}. */
    private static boolean booleanOperand(Compare compare) {
        if (compare.op() != CompareOperator.EQ && compare.op() != CompareOperator.NE) {
            throw ScimException.invalidPath("'" + compare.path() + "' is a boolean; compare it with eq or ne, not "
                    + compare.op().keyword());
        }
        return PatchLeniency.filterBoolean(compare.value()).orElseThrow(() -> ScimException.invalidPath(
                "'" + compare.path() + "' is a boolean; compare it with true or false, not " + compare.value()));
    }

    private static Optional<Boolean> dateTime(CompareOperator op, JsonNode actual, FilterValue expected) {
        if (!actual.isTextual() || !(expected instanceof StringValue s) || substring(op)) {
            return Optional.empty();
        }
        try {
            OffsetDateTime left = OffsetDateTime.parse(actual.textValue());
            OffsetDateTime right = OffsetDateTime.parse(s.value());
            return Optional.of(ordered(op, left.toInstant().compareTo(right.toInstant())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean text(CompareOperator op, JsonNode actual, FilterValue expected, boolean caseExact) {
        if (!actual.isValueNode()) {
            return false;
        }
        String left = actual.asText();
        String right = switch (expected) {
            case StringValue s -> s.value();
            case NumberValue n -> n.value().toPlainString();
            case BooleanValue b -> Boolean.toString(b.value());
            case NullValue n -> "";
        };
        if (!caseExact) {
            left = left.toLowerCase(Locale.ROOT);
            right = right.toLowerCase(Locale.ROOT);
        }
        return switch (op) {
            case CO -> left.contains(right);
            case SW -> left.startsWith(right);
            case EW -> left.endsWith(right);
            default -> ordered(op, left.compareTo(right));
        };
    }

    private static boolean substring(CompareOperator op) {
        return op == CompareOperator.CO || op == CompareOperator.SW || op == CompareOperator.EW;
    }

    private static boolean ordered(CompareOperator op, int comparison) {
        return switch (op) {
            case EQ -> comparison == 0;
            case NE -> comparison != 0;
            case GT -> comparison > 0;
            case GE -> comparison >= 0;
            case LT -> comparison < 0;
            case LE -> comparison <= 0;
            case CO, SW, EW -> throw new IllegalStateException("substring operator " + op + " is not an ordering");
        };
    }
}
