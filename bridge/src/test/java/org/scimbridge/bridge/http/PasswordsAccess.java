package org.scimbridge.bridge.http;

/** Lets tests in other packages reach the package-private unicodePwd encoder. */
public final class PasswordsAccess {

    private PasswordsAccess() {
    }

    public static byte[] encode(String password) {
        return Passwords.encodeUnicodePwd(password);
    }
}
