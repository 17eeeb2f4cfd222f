package org.scimbridge.bridge.ldap;

import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;

import org.scimbridge.mapping.ScimException;

/** The one place that turns an LDAP result code into a SCIM error (RFC 7644 section 3.12). */
public final class LdapErrors {

    private LdapErrors() {
    }

    public static ScimException toScim(LDAPException e) {
        ResultCode code = e.getResultCode();
        String reason = e.getDiagnosticMessage() == null || e.getDiagnosticMessage().isBlank()
                ? code.getName() : e.getDiagnosticMessage();
        ScimException scim = switch (code.intValue()) {
            case ResultCode.NO_SUCH_OBJECT_INT_VALUE -> ScimException.notFound("the resource does not exist");
            case ResultCode.ENTRY_ALREADY_EXISTS_INT_VALUE -> ScimException.uniqueness("a resource with that name already exists");
            case ResultCode.ASSERTION_FAILED_INT_VALUE -> ScimException.preconditionFailed("the resource changed since the given version");
            case ResultCode.SIZE_LIMIT_EXCEEDED_INT_VALUE, ResultCode.ADMIN_LIMIT_EXCEEDED_INT_VALUE ->
                    ScimException.tooMany("the request matches more resources than the server will return; narrow the filter");
            case ResultCode.OBJECT_CLASS_VIOLATION_INT_VALUE, ResultCode.CONSTRAINT_VIOLATION_INT_VALUE,
                 ResultCode.INVALID_ATTRIBUTE_SYNTAX_INT_VALUE, ResultCode.UNDEFINED_ATTRIBUTE_TYPE_INT_VALUE,
                 ResultCode.NAMING_VIOLATION_INT_VALUE, ResultCode.INVALID_DN_SYNTAX_INT_VALUE,
                 ResultCode.INAPPROPRIATE_MATCHING_INT_VALUE, ResultCode.NOT_ALLOWED_ON_RDN_INT_VALUE ->
                    ScimException.invalidValue("the directory refused the change: " + reason);
            // Writes send value-level adds and deletes computed from the entry as read: a value that appeared or vanished
            // in between means someone else changed the entry meanwhile.
            case ResultCode.ATTRIBUTE_OR_VALUE_EXISTS_INT_VALUE, ResultCode.NO_SUCH_ATTRIBUTE_INT_VALUE ->
                    new ScimException(409, null, "the resource changed while this request was applied; read it again and retry");
            case ResultCode.NOT_ALLOWED_ON_NONLEAF_INT_VALUE ->
                    new ScimException(409, null, "the directory holds entries below this resource; remove them first");
            case ResultCode.INSUFFICIENT_ACCESS_RIGHTS_INT_VALUE ->
                    new ScimException(403, null, "the bridge's directory account may not do this: " + reason);
            case ResultCode.UNWILLING_TO_PERFORM_INT_VALUE ->
                    new ScimException(400, "invalidValue", "the directory is unwilling to perform this: " + reason);
            case ResultCode.SERVER_DOWN_INT_VALUE, ResultCode.CONNECT_ERROR_INT_VALUE, ResultCode.TIMEOUT_INT_VALUE,
                 ResultCode.UNAVAILABLE_INT_VALUE, ResultCode.BUSY_INT_VALUE ->
                    ScimException.unavailable("the directory is not available right now (" + code.getName() + "); retry later");
            default -> ScimException.internal("the directory answered " + code.getName() + " (" + code.intValue() + ")");
        };
        scim.initCause(e); // the audit record names the LDAP result code (BridgeServer's error handler)
        return scim;
    }
}
