package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8StreamDecoderTest {
  private static final String FFFD = "\uFFFD";

  @Test
  void holdsBackIncompleteCharactersUntilTheRestArrives() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    assertThat(d.append(new byte[] {'a', euro[0]})).isEqualTo("a");
    assertThat(d.hasPendingBytes()).isTrue();
    assertThat(d.append(new byte[] {euro[1]})).isEmpty();
    assertThat(d.append(new byte[] {euro[2], 'b'})).isEqualTo("€b");
    assertThat(d.hasPendingBytes()).isFalse();
  }

  @Test
  void emitsFourByteCharactersWhole() {
    byte[] emoji = "😀".getBytes(StandardCharsets.UTF_8);
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    StringBuilder sb = new StringBuilder();
    for (byte b : emoji) {
      String s = d.append(new byte[] {b});
      assertThat(s.isEmpty() || s.equals("😀")).isTrue();
      sb.append(s);
    }
    assertThat(sb.toString()).isEqualTo("😀");
  }

  @Test
  void splitsCjkAccentsAndEmojiAnywhereWithoutReplacementCharacters() {
    // 世 = E4 B8 96, 界 = E7 95 8C, é = C3 A9, 🦙 = F0 9F A6 99: chunks cut through all of them.
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    assertThat(d.append(bytes(0xE4))).isEmpty();
    assertThat(d.append(bytes(0xB8, 0x96, 0xE7))).isEqualTo("世");
    assertThat(d.append(bytes(0x95))).isEmpty();
    assertThat(d.append(bytes(0x8C, 0xC3))).isEqualTo("界");
    assertThat(d.append(bytes(0xA9, 0xF0, 0x9F))).isEqualTo("é");
    assertThat(d.append(bytes(0xA6))).isEmpty();
    assertThat(d.append(bytes(0x99, '!'))).isEqualTo("🦙!");
    assertThat(d.flush()).isEmpty();
  }

  @Test
  void aTruncatedSequenceBecomesOneReplacementOnlyWhenTheNextByteCannotContinueIt() {
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    assertThat(d.append(bytes(0xE2))).isEmpty();
    assertThat(d.append(bytes(0x82))).isEmpty(); // E2 82 may still become €
    assertThat(d.append(bytes('a'))).isEqualTo(FFFD + "a");

    // A new lead byte also ends it; the new character then decodes normally.
    assertThat(d.append(bytes(0xE2, 0x82, 0xF0))).isEqualTo(FFFD);
    assertThat(d.append(bytes(0x9F, 0x98, 0x80))).isEqualTo("😀");
  }

  @Test
  void bytesThatCanNeverBeValidAreReplacedAtOnce() {
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    assertThat(d.append(bytes(0x80))).isEqualTo(FFFD); // continuation without a lead
    assertThat(d.append(bytes(0xC0))).isEqualTo(FFFD); // overlong lead
    assertThat(d.append(bytes(0xF5))).isEqualTo(FFFD); // beyond U+10FFFF
    assertThat(d.append(bytes(0xFF))).isEqualTo(FFFD);
    assertThat(d.append(bytes(0xE0))).isEmpty();
    assertThat(d.append(bytes(0x80))).isEqualTo(FFFD + FFFD); // overlong: E0 needs A0..BF next
    assertThat(d.append(bytes(0xED))).isEmpty();
    assertThat(d.append(bytes(0xA0))).isEqualTo(FFFD + FFFD); // a UTF-16 surrogate
    assertThat(d.append(bytes(0xF4))).isEmpty();
    assertThat(d.append(bytes(0x90))).isEqualTo(FFFD + FFFD); // above U+10FFFF
    assertThat(d.hasPendingBytes()).isFalse();
  }

  @Test
  void flushTurnsADanglingPrefixIntoAReplacementCharacter() {
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    assertThat(d.append(bytes(0xE2, 0x82))).isEmpty();
    assertThat(d.flush()).isEqualTo(FFFD);
    assertThat(d.flush()).isEmpty();
    assertThat(d.append(bytes('o', 'k'))).isEqualTo("ok");
  }

  @Test
  void validTextSplitAtRandomNeverShowsReplacementOrHalfASurrogatePair() {
    Random rnd = new Random(20240611);
    String[] alphabet = {
      "a", " ", "\n", "é", "ß", "Ж", "€", "世", "界", "ខ", "😀", "🦙", "👍🏽", "\u200D"
    };
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = rnd.nextInt(30); i > 0; i--) {
        text.append(alphabet[rnd.nextInt(alphabet.length)]);
      }
      byte[] all = text.toString().getBytes(StandardCharsets.UTF_8);
      Utf8StreamDecoder d = new Utf8StreamDecoder();
      StringBuilder out = new StringBuilder();
      for (byte[] chunk : randomChunks(all, rnd)) {
        String s = d.append(chunk);
        assertThat(s).doesNotContain(FFFD);
        assertThat(s.isEmpty() || !Character.isHighSurrogate(s.charAt(s.length() - 1))).isTrue();
        out.append(s);
      }
      assertThat(d.flush()).isEmpty();
      assertThat(out.toString()).isEqualTo(text.toString());
    }
  }

  @Test
  void arbitraryBytesDecodeTheSameHoweverTheyAreChunked() {
    Random rnd = new Random(7);
    int[] interesting = {
      0x00, 'a', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
      0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF
    };
    for (int round = 0; round < 2000; round++) {
      byte[] all = new byte[rnd.nextInt(12)];
      for (int i = 0; i < all.length; i++) {
        all[i] = (byte) interesting[rnd.nextInt(interesting.length)];
      }
      Utf8StreamDecoder whole = new Utf8StreamDecoder();
      String expected = whole.append(all) + whole.flush();
      Utf8StreamDecoder d = new Utf8StreamDecoder();
      StringBuilder out = new StringBuilder();
      for (byte[] chunk : randomChunks(all, rnd)) {
        out.append(d.append(chunk));
      }
      out.append(d.flush());
      assertThat(out.toString()).isEqualTo(expected);
      // Without surrogate encodings (where the JDK replaces the whole ED A0 80 at once),
      // the result is the JDK's, which also substitutes maximal subparts.
      if (!containsEdA0ToBf(all)) {
        assertThat(expected).isEqualTo(new String(all, StandardCharsets.UTF_8));
      }
    }
  }

  private static boolean containsEdA0ToBf(byte[] b) {
    for (int i = 0; i + 1 < b.length; i++) {
      if ((b[i] & 0xFF) == 0xED && (b[i + 1] & 0xFF) >= 0xA0 && (b[i + 1] & 0xFF) <= 0xBF) {
        return true;
      }
    }
    return false;
  }

  private static List<byte[]> randomChunks(byte[] all, Random rnd) {
    List<byte[]> chunks = new ArrayList<>();
    int i = 0;
    while (i < all.length) {
      int n = Math.min(all.length - i, rnd.nextInt(4)); // empty chunks too
      ByteArrayOutputStream chunk = new ByteArrayOutputStream();
      chunk.write(all, i, n);
      chunks.add(chunk.toByteArray());
      i += n;
    }
    return chunks;
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
