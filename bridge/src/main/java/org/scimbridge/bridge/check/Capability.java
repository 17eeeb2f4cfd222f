package org.scimbridge.bridge.check;

/**
 * A control or extended operation the bridge can use, whether the directory's root DSE lists it, and what that means
 * for the bridge.
 *
 * @param name      human name, e.g. "assertion"
 * @param oid       the OID looked for in supportedControl or supportedExtension
 * @param extension true for an extended operation, false for a control
 * @param supported whether the root DSE lists it
 * @param effect    what the bridge does because of it (or without it)
 */
public record Capability(String name, String oid, boolean extension, boolean supported, String effect) {
}
