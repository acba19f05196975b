package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Utf8StreamDecoderTest {

    @Test
    void holdsBackIncompleteCharactersUntilTheRestArrives() {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.append(new byte[] {'a', euro[0]})).isEqualTo("a");
        assertThat(d.append(new byte[] {euro[1]})).isEmpty();
        assertThat(d.append(new byte[] {euro[2], 'b'})).isEqualTo("€b");
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
    void flushTurnsADanglingPrefixIntoAReplacementCharacter() {
        Utf8StreamDecoder d = new Utf8StreamDecoder();
        assertThat(d.append(new byte[] {(byte) 0xE2, (byte) 0x82})).isEmpty();
        assertThat(d.flush()).isEqualTo("\uFFFD");
    }
}
