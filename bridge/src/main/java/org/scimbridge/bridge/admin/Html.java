package org.scimbridge.bridge.admin;

/** HTML escaping for text and attribute values: everything rendered from data goes through {@link #text(String)}. */
final class Html {

    private Html() {
    }

    /** Escapes the five characters that can end a text node or a quoted attribute value (OWASP XSS rule #1 and #2). */
    static String text(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
