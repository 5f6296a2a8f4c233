package dev.jerla.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file name that is not valid UTF-8 ("a\370b" from BusyBox's ls tests) used to come back as U+FFFD. */
class GuestStringsTest {
    @Test
    void validUtf8IsText() {
        String s = "caf\u00e9 \u20ac \uD83D\uDE00 plain";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        assertEquals(s, GuestStrings.decode(b));
        assertArrayEquals(b, GuestStrings.encode(s));
        assertEquals(b.length, GuestStrings.byteLength(s));
        assertFalse(GuestStrings.hasEscapes(s));
    }

    @Test
    void invalidBytesRoundTrip() {
        byte[] b = {'a', (byte) 0370, 'b'};
        String s = GuestStrings.decode(b);
        assertEquals(3, s.length());
        assertTrue(GuestStrings.hasEscapes(s));
        assertArrayEquals(b, GuestStrings.encode(s));
        assertEquals(3, GuestStrings.byteLength(s));
    }

    @Test
    void overlongSurrogateAndTruncatedFormsAreBytes() {
        byte[][] cases = {
            {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xFF, 'x'},
        };
        for (byte[] b : cases) {
            String s = GuestStrings.decode(b);
            assertEquals(b.length, s.length(), "one escape per byte");
            assertArrayEquals(b, GuestStrings.encode(s));
        }
    }

    @Test
    void everyByteStringRoundTrips() {
        Random r = new Random(5);
        for (int n = 0; n < 20000; n++) {
            byte[] b = new byte[r.nextInt(12)];
            r.nextBytes(b);
            assertArrayEquals(b, GuestStrings.encode(GuestStrings.decode(b)));
        }
    }
}
