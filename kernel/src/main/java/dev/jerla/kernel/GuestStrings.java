package dev.jerla.kernel;

import java.io.ByteArrayOutputStream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

/**
 * File names, paths and other strings the guest passes as bytes, held as Java strings without
 * losing a byte. Linux names are bytes, not text: valid UTF-8 decodes to its characters, and
 * every byte that is not part of a valid UTF-8 sequence becomes the unpaired surrogate
 * U+DC80..U+DCFF (as Python's "surrogateescape" does), which encoding turns back into that byte.
 * Decoding valid UTF-8 never yields an unpaired surrogate, so {@code encode(decode(b))} is
 * {@code b} for every byte string.
 */
public final class GuestStrings {
    private GuestStrings() {}

    private static final int ESCAPE = 0xDC00;

    public static String decode(byte[] b) {
        return decode(b, 0, b.length);
    }

    public static String decode(byte[] b, int off, int len) {
        int end = off + len, i = off;
        while (i < end && b[i] >= 0) i++;
        if (i == end) return new String(b, off, len, ISO_8859_1);
        StringBuilder sb = new StringBuilder(len);
        sb.append(new String(b, off, i - off, ISO_8859_1));
        while (i < end) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                sb.append((char) c);
                i++;
                continue;
            }
            int n = c > 0xF4 ? -1 : c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC2 ? 1 : -1;
            int cp = n == 3 ? c & 0x07 : n == 2 ? c & 0x0F : c & 0x1F;
            boolean ok = n > 0;
            if (ok) {
                for (int k = 1; k <= n; k++) {
                    if (i + k >= end || (b[i + k] & 0xC0) != 0x80) {
                        ok = false;
                        break;
                    }
                    cp = (cp << 6) | (b[i + k] & 0x3F);
                }
            }
            // Overlong forms, UTF-16 surrogates and values past U+10FFFF are not valid UTF-8.
            if (ok && (n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)) || n == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
                ok = false;
            }
            if (ok) {
                sb.appendCodePoint(cp);
                i += n + 1;
            } else {
                sb.append((char) (ESCAPE | c));
                i++;
            }
        }
        return sb.toString();
    }

    public static byte[] encode(String s) {
        int n = s.length(), i = 0;
        while (i < n && s.charAt(i) < 0x80) i++;
        if (i == n) return s.getBytes(ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 16);
        out.write(s.getBytes(ISO_8859_1), 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp < 0x80) {
                out.write(cp);
            } else if (isEscape(cp)) {
                out.write(cp & 0xFF);
            } else if (cp < 0x800) {
                out.write(0xC0 | cp >> 6);
                out.write(0x80 | cp & 0x3F);
            } else if (cp < 0x10000) {
                out.write(0xE0 | cp >> 12);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            } else {
                out.write(0xF0 | cp >> 18);
                out.write(0x80 | cp >> 12 & 0x3F);
                out.write(0x80 | cp >> 6 & 0x3F);
                out.write(0x80 | cp & 0x3F);
            }
        }
        return out.toByteArray();
    }

    /** The length in bytes of {@code s} as the guest sees it. */
    public static int byteLength(String s) {
        int n = s.length(), i = 0;
        while (i < n && s.charAt(i) < 0x80) i++;
        return i == n ? n : encode(s).length;
    }

    /** True if {@code s} holds a byte that is not valid UTF-8: the host's file APIs cannot name it. */
    public static boolean hasEscapes(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (isEscape(s.charAt(i))) return true;
        }
        return false;
    }

    private static boolean isEscape(int c) {
        return c >= (ESCAPE | 0x80) && c <= (ESCAPE | 0xFF);
    }
}
