package dev.homeport.protocol;

/** A small streaming XML writer for Query protocol answers: elements and escaped text, nothing else. */
public final class Xml {
    private final StringBuilder out = new StringBuilder(512);

    public Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    public Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** {@code <name>text</name>}; nothing when text is null. */
    public Xml element(String name, Object text) {
        if (text != null) {
            open(name);
            escape(String.valueOf(text));
            close(name);
        }
        return this;
    }

    /** An empty list element, e.g. {@code <ipPermissions/>}. */
    public Xml empty(String name) {
        out.append('<').append(name).append("/>");
        return this;
    }

    Xml raw(String s) {
        out.append(s);
        return this;
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
                        out.append("&#").append((int) c).append(';');
                    } else {
                        out.append(c);
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
