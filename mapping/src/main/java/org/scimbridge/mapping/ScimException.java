package org.scimbridge.mapping;

import java.util.Objects;

/**
 * The one domain error: an HTTP status, an optional {@code scimType} and a human-readable detail, exactly the
 * members of the SCIM error response (RFC 7644 section 3.12). Every bad input ends as one of these, never as a 500.
 */
public final class ScimException extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimException(int status, String scimType, String detail) {
        super(Objects.requireNonNull(detail, "detail"));
        this.status = status;
        this.scimType = scimType;
    }

    /** HTTP status code of the response. */
    public int status() {
        return status;
    }

    /** RFC 7644 table 9 keyword, or {@code null} where the table has none for this status. */
    public String scimType() {
        return scimType;
    }

    /** The text for the client; never contains secrets or attribute values that were not the client's own input. */
    public String detail() {
        return getMessage();
    }

    /** 400 invalidFilter: "The specified filter syntax was invalid ... or the specified attribute and filter comparison
     * combination is not supported." */
    public static ScimException invalidFilter(String detail) {
        return new ScimException(400, "invalidFilter", detail);
    }

    /** 400 tooMany: the filter yields more results than the server is willing to calculate or process. */
    public static ScimException tooMany(String detail) {
        return new ScimException(400, "tooMany", detail);
    }

    /** 409 uniqueness: one or more unique attribute values are already in use. */
    public static ScimException uniqueness(String detail) {
        return new ScimException(409, "uniqueness", detail);
    }

    /** 400 mutability: an attempt to modify an immutable or read-only attribute. */
    public static ScimException mutability(String detail) {
        return new ScimException(400, "mutability", detail);
    }

    /** 400 invalidSyntax: the request body was invalid or did not conform to the request schema. */
    public static ScimException invalidSyntax(String detail) {
        return new ScimException(400, "invalidSyntax", detail);
    }

    /** 400 invalidPath: the path attribute was invalid or malformed. */
    public static ScimException invalidPath(String detail) {
        return new ScimException(400, "invalidPath", detail);
    }

    /** 400 noTarget: the path did not yield an attribute or attribute value that could be operated on. */
    public static ScimException noTarget(String detail) {
        return new ScimException(400, "noTarget", detail);
    }

    /** 400 invalidValue: a required value was missing, or the value specified was not compatible. */
    public static ScimException invalidValue(String detail) {
        return new ScimException(400, "invalidValue", detail);
    }

    /** 400 invalidVers: the SCIM protocol version is not supported. */
    public static ScimException invalidVersion(String detail) {
        return new ScimException(400, "invalidVers", detail);
    }

    /** 404: the resource does not exist. */
    public static ScimException notFound(String detail) {
        return new ScimException(404, null, detail);
    }

    /** 412: the If-Match version no longer matches the resource. */
    public static ScimException preconditionFailed(String detail) {
        return new ScimException(412, null, detail);
    }

    /** 413: the request body exceeds the configured limit. */
    public static ScimException payloadTooLarge(String detail) {
        return new ScimException(413, null, detail);
    }

    /** 500 with a detail safe to show; used only where nothing better describes a directory answer. */
    public static ScimException internal(String detail) {
        return new ScimException(500, null, detail);
    }

    /** 503: the directory cannot be reached right now; the client should retry. */
    public static ScimException unavailable(String detail) {
        return new ScimException(503, null, detail);
    }
}
