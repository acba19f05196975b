package dev.rag.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.rag.llm.gguf.GgufFile;
import dev.rag.llm.testing.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Parity with llama.cpp's own tokenizer test vectors ({@code test-tokenizer-0}): every string of
 * {@code X.gguf.inp} must encode (no BOS, special-token text not parsed) to the ids on the same
 * line of {@code X.gguf.out}, and decode back to itself.
 *
 * <p>The vectors live in {@code shared/models/tokenizer-parity}, found like the other shared
 * models: system property {@code rag.shared.dir}, else walking up from the working directory. The
 * tests are skipped when the folder is absent.
 */
class TokenizerParityTest {
  private static final String SEPARATOR = "\n__ggml_vocab_test__\n";
  private static final String MISSING =
      "tokenizer parity vectors not found: set -Drag.shared.dir or place "
          + "shared/models/tokenizer-parity next to the repository";

  @TestFactory
  Stream<DynamicTest> llamaSentencePieceMatchesLlamaCpp() throws IOException {
    return vectors("ggml-vocab-llama-spm.gguf");
  }

  @TestFactory
  Stream<DynamicTest> gpt2BytePairEncodingMatchesLlamaCpp() throws IOException {
    return vectors("ggml-vocab-gpt-2.gguf");
  }

  private static Stream<DynamicTest> vectors(String vocabFile) throws IOException {
    Path dir = parityDir();
    if (dir == null) { // reported as one skipped test carrying the reason
      return Stream.of(
          DynamicTest.dynamicTest(vocabFile + " vectors", () -> assumeTrue(false, MISSING)));
    }
    Tokenizer tok;
    try (GgufFile f = GgufFile.open(dir.resolve(vocabFile))) {
      tok = Tokenizers.fromGguf(f.metadata());
    }
    List<String> inputs = readInputs(dir.resolve(vocabFile + ".inp"));
    List<int[]> outputs = readOutputs(dir.resolve(vocabFile + ".out"));
    assertThat(outputs).as("one line of ids per test string").hasSameSizeAs(inputs);
    List<DynamicTest> tests = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String text = inputs.get(i);
      int[] expected = outputs.get(i);
      tests.add(
          DynamicTest.dynamicTest(
              vocabFile + " #" + i + " " + printable(text),
              () -> {
                int[] actual = tok.encode(text, false, false);
                assertThat(actual).as("ids of %s", printable(text)).containsExactly(expected);
                String decoded = tok.decode(actual);
                // SentencePiece decodes with the dummy-prefix space that encoding added.
                String roundTrip =
                    tok.stripsLeadingSpaceAfterBos() && decoded.startsWith(" ")
                        ? decoded.substring(1)
                        : decoded;
                assertThat(roundTrip).isEqualTo(text);
                assertThat(streamed(tok, actual)).isEqualTo(decoded);
              }));
    }
    return tests.stream();
  }

  /**
   * Decodes token by token as the engine streams output, checking that no piece shows U+FFFD or
   * half a surrogate pair: the strings are valid text, and characters split over byte tokens must
   * be held back until complete.
   */
  private static String streamed(Tokenizer tok, int[] ids) {
    Utf8StreamDecoder d = new Utf8StreamDecoder();
    StringBuilder out = new StringBuilder();
    for (int id : ids) {
      String piece = d.append(tok.tokenBytes(id));
      assertThat(piece).as("streamed piece of token %d", id).doesNotContain("\uFFFD");
      assertThat(piece.isEmpty() || !Character.isHighSurrogate(piece.charAt(piece.length() - 1)))
          .isTrue();
      out.append(piece);
    }
    assertThat(d.hasPendingBytes()).as("bytes left over at the end").isFalse();
    return out.append(d.flush()).toString();
  }

  /** The strings of an {@code .inp} file: each is followed by a separator line. */
  static List<String> readInputs(Path file) throws IOException {
    String all = Files.readString(file, StandardCharsets.UTF_8);
    List<String> inputs = new ArrayList<>();
    int start = 0;
    for (int at = all.indexOf(SEPARATOR); at >= 0; at = all.indexOf(SEPARATOR, start)) {
      inputs.add(all.substring(start, at));
      start = at + SEPARATOR.length();
    }
    return inputs;
  }

  /**
   * The expected ids of an {@code .out} file, one line per string (an empty line for no tokens).
   */
  static List<int[]> readOutputs(Path file) throws IOException {
    List<int[]> outputs = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String trimmed = line.strip();
      outputs.add(
          trimmed.isEmpty()
              ? new int[0]
              : Arrays.stream(trimmed.split(" +")).mapToInt(Integer::parseInt).toArray());
    }
    return outputs;
  }

  private static String printable(String text) {
    String s = text.replace("\n", "\\n").replace("\t", "\\t");
    return "\"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
  }

  /** The folder of the vectors, or null when it cannot be found. */
  private static Path parityDir() {
    return SharedModels.find("tokenizer-parity");
  }
}
