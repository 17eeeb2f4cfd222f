package org.scimbridge.mapping.filter;

import java.math.BigDecimal;

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

/** Short constructors for expected trees, so that test tables read like the filters they describe. */
final class Filters {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";

    private Filters() {
    }

    /** {@code name} or {@code name.sub}, built without the parser under test. */
    static AttributePath path(String dotted) {
        int dot = dotted.indexOf('.');
        return dot < 0 ? new AttributePath(null, dotted, null)
                : new AttributePath(null, dotted.substring(0, dot), dotted.substring(dot + 1));
    }

    static AttributePath urnPath(String urn, String dotted) {
        AttributePath plain = path(dotted);
        return new AttributePath(urn, plain.name(), plain.subAttribute());
    }

    static FilterValue str(String value) {
        return new StringValue(value, true);
    }

    static FilterValue bare(String value) {
        return new StringValue(value, false);
    }

    static FilterValue bool(boolean value) {
        return new BooleanValue(value);
    }

    static FilterValue num(String value) {
        return new NumberValue(new BigDecimal(value));
    }

    static FilterValue nul() {
        return NullValue.INSTANCE;
    }

    static ScimFilter cmp(AttributePath path, CompareOperator op, FilterValue value) {
        return new Compare(path, op, value);
    }

    static ScimFilter cmp(String path, CompareOperator op, FilterValue value) {
        return new Compare(path(path), op, value);
    }

    static ScimFilter cmp(String path, CompareOperator op, String value) {
        return new Compare(path(path), op, str(value));
    }

    static ScimFilter eq(String path, String value) {
        return cmp(path, CompareOperator.EQ, value);
    }

    static ScimFilter eq(String path, FilterValue value) {
        return cmp(path, CompareOperator.EQ, value);
    }

    static ScimFilter eq(String path, int value) {
        return cmp(path, CompareOperator.EQ, num(Integer.toString(value)));
    }

    static ScimFilter pr(String path) {
        return new Present(path(path));
    }

    static ScimFilter and(ScimFilter left, ScimFilter right) {
        return new And(left, right);
    }

    static ScimFilter or(ScimFilter left, ScimFilter right) {
        return new Or(left, right);
    }

    static ScimFilter not(ScimFilter inner) {
        return new Not(inner);
    }

    static ScimFilter vp(String attribute, ScimFilter filter) {
        return new ValuePath(path(attribute), filter);
    }
}
