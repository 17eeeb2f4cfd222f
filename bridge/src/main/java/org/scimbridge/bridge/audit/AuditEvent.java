package org.scimbridge.bridge.audit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What one SCIM request did, filled in as the request goes: who (token, client), what (method, resource type, id, DN,
 * names of changed attributes, never values), and the LDAP result. Lives in the request context; one per request.
 */
public final class AuditEvent {

    private final String requestId;
    private final String client;
    private final String method;
    private final String path;
    private String tokenName = "-";
    private String resourceType;
    private String resourceId = "-";
    private String dn = "-";
    private List<String> changedAttributes = List.of();
    private String ldapResult = "-";
    private boolean authenticationRejected;
    private boolean dryRun;
    private final List<String> plannedWrites = new CopyOnWriteArrayList<>();

    public AuditEvent(String requestId, String client, String method, String path) {
        this.requestId = requestId;
        this.client = client;
        this.method = method;
        this.path = path;
        this.resourceType = typeOf(path);
    }

    /**
     * The resource type named by the path, until a handler sets it: so records of requests refused before any handler
     * ran (authentication, fail-closed, unknown endpoints) still say what was asked for.
     */
    private static String typeOf(String path) {
        // "/scim/v2/Users/...": the segment after the third slash
        int third = path.startsWith("/") ? nthSlash(path, 3) : -1;
        int next = third < 0 ? -1 : path.indexOf('/', third + 1);
        String endpoint = third < 0 ? "-" : path.substring(third + 1, next < 0 ? path.length() : next);
        return switch (endpoint) {
            case "Users" -> "User";
            case "Groups" -> "Group";
            case "ServiceProviderConfig", "Schemas", "ResourceTypes", ".search" -> endpoint;
            default -> "-";
        };
    }

    private static int nthSlash(String path, int n) {
        int at = -1;
        for (int i = 0; i < n; i++) {
            at = path.indexOf('/', at + 1);
            if (at < 0) {
                return -1;
            }
        }
        return at;
    }

    /** The request had no valid bearer token: its record is an {@code AUTH-FAIL}. */
    public void rejectAuthentication() {
        this.authenticationRejected = true;
    }

    /** The RFC 5424 MSGID: {@code AUTH-FAIL}, or the method and the resource type, e.g. {@code PATCH-Group}. */
    public String operation() {
        if (authenticationRejected) {
            return "AUTH-FAIL";
        }
        return resourceType.equals("-") ? method : method + "-" + resourceType;
    }

    public void tokenName(String name) {
        this.tokenName = name;
    }

    public void resource(String type, String id) {
        this.resourceType = type;
        this.resourceId = id == null ? "-" : id;
    }

    public void dn(String value) {
        this.dn = value;
    }

    public void changedAttributes(List<String> names) {
        this.changedAttributes = List.copyOf(names);
    }

    public void ldapResult(String resultCode) {
        this.ldapResult = resultCode;
    }

    /** The bridge runs in dry-run mode: the record says so and lists the writes it did not send. */
    public void dryRun() {
        this.dryRun = true;
    }

    /** One LDAP write the bridge would have sent: operation, DN and attribute names, never values. */
    public void wouldWrite(String operation) {
        plannedWrites.add(operation);
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public List<String> plannedWrites() {
        return List.copyOf(plannedWrites);
    }

    public String requestId() {
        return requestId;
    }

    public String client() {
        return client;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public String tokenName() {
        return tokenName;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }

    public String dn() {
        return dn;
    }

    public List<String> changedAttributes() {
        return changedAttributes;
    }

    public String ldapResult() {
        return ldapResult;
    }
}
