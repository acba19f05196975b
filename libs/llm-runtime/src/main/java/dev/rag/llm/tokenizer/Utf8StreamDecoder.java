package dev.rag.llm.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Turns a stream of byte chunks into text without ever emitting half a UTF-8 character: bytes of an
 * incomplete trailing sequence are held back until the rest arrives (byte-fallback tokens split
 * characters across tokens). Malformed bytes become U+FFFD.
 */
public final class Utf8StreamDecoder {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /** Appends bytes; returns the text of all characters now complete. */
    public String append(byte[] bytes) {
        pending.writeBytes(bytes);
        byte[] all = pending.toByteArray();
        int complete = completePrefixLength(all);
        pending.reset();
        pending.write(all, complete, all.length - complete);
        return new String(all, 0, complete, StandardCharsets.UTF_8);
    }

    /** Returns whatever is held back (as replacement characters if incomplete) and resets. */
    public String flush() {
        byte[] all = pending.toByteArray();
        pending.reset();
        return new String(all, StandardCharsets.UTF_8);
    }

    /** Length of the longest prefix that does not end inside a (so far valid) multi-byte sequence. */
    static int completePrefixLength(byte[] b) {
        int n = b.length;
        // A UTF-8 sequence is at most 4 bytes: look back at most 3 for its lead byte.
        for (int back = 1; back <= Math.min(3, n); back++) {
            int v = b[n - back] & 0xFF;
            if ((v & 0xC0) == 0x80) {
                continue; // continuation byte: keep looking for the lead
            }
            int needed = v >= 0xF0 ? 4 : v >= 0xE0 ? 3 : v >= 0xC0 ? 2 : 1;
            return needed > back ? n - back : n;
        }
        return n;
    }
}
