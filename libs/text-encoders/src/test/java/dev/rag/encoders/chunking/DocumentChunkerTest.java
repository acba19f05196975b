package dev.rag.encoders.chunking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.chunking.StructuredDocument.PageSpan;
import dev.rag.encoders.chunking.StructuredDocument.Section;
import dev.rag.encoders.tokenize.TextTokenizer;
import dev.rag.encoders.tokenize.TokenSpan;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Structure is checked with a transparent word/punctuation counter; limits with the real bge-small
 * tokenizer (the bundled jar is a test dependency), the one the services use.
 */
class DocumentChunkerTest {

  /** One token per run of letters/digits and per punctuation character (BERT's pre-tokenizer). */
  static final TokenCounter WORDS =
      text -> {
        List<TokenSpan> spans = new ArrayList<>();
        Matcher m = Pattern.compile("[\\p{L}\\p{N}]+|[^\\s\\p{L}\\p{N}]").matcher(text);
        while (m.find()) {
          spans.add(new TokenSpan(spans.size(), m.group(), m.start(), m.end()));
        }
        return spans;
      };

  @TempDir static Path dir;
  static TextTokenizer bge;

  @BeforeAll
  static void loadBgeTokenizer() throws Exception {
    Path file = dir.resolve("tokenizer.json");
    try (InputStream in =
        DocumentChunker.class
            .getClassLoader()
            .getResourceAsStream(BundledModels.BGE_SMALL_TOKENIZER)) {
      Files.copy(in, file);
    }
    bge = TextTokenizer.load(file);
  }

  @AfterAll
  static void close() {
    bge.close();
  }

  @Test
  void keepsAShortSectionInOneChunkWithItsHeadingPath() {
    String text = "Guide\n\nInstall it with one command.";
    var document =
        new StructuredDocument(
            text, List.of(new Section(List.of("Guide"), 0, text.length())), List.of());
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(50, 0.15, 510)).chunk(document);
    assertThat(chunks)
        .singleElement()
        .satisfies(
            chunk -> {
              assertThat(chunk.text()).isEqualTo(text);
              assertThat(chunk.sectionPath()).containsExactly("Guide");
              assertThat(chunk.ordinal()).isZero();
              assertThat(chunk.page()).isNull();
              assertThat(chunk.tokenCount()).isEqualTo(7);
            });
  }

  @Test
  void packsSentencesUpToTheTargetWithRealTokenizerAndSlicesTheText() {
    String text = prose(new Random(7), 60);
    var chunker =
        new DocumentChunker(TokenCounter.of(bge), ChunkingOptions.forModel(128, 0.15, 512));
    List<TextChunk> chunks = chunker.chunk(StructuredDocument.plain(text));
    assertThat(chunks).hasSizeGreaterThan(3);
    for (int i = 0; i < chunks.size(); i++) {
      TextChunk chunk = chunks.get(i);
      assertThat(chunk.ordinal()).isEqualTo(i);
      assertThat(text.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
      assertThat(chunk.tokenCount())
          .isEqualTo(bge.countTokens(chunk.text()))
          .isLessThanOrEqualTo(128);
      // Cuts fall between sentences: chunks start with a capital and end with a full stop.
      assertThat(chunk.text()).matches("(?s)[A-Z].*\\.");
    }
    assertCoversEveryWord(text, chunks);
  }

  @Test
  void consecutiveChunksShareWholeSentencesWithinTheOverlap() {
    String text = prose(new Random(11), 40);
    var options = new ChunkingOptions(60, 0.25, 510);
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, options).chunk(StructuredDocument.plain(text));
    assertThat(chunks).hasSizeGreaterThan(2);
    for (int i = 1; i < chunks.size(); i++) {
      TextChunk previous = chunks.get(i - 1);
      TextChunk chunk = chunks.get(i);
      assertThat(chunk.start()).isLessThan(previous.end()).isGreaterThan(previous.start());
      String shared = text.substring(chunk.start(), previous.end());
      assertThat(WORDS.countTokens(shared)).isLessThanOrEqualTo(options.overlapTokens());
      assertThat(shared).matches("(?s)[A-Z].*\\.");
    }
  }

  @Test
  void prefersToEndAChunkAtAParagraphOverASentence() {
    // Two paragraphs of ~36 tokens each: a 60-token chunk could take the first paragraph plus two
    // sentences of the second, but the paragraph break lies in its second half, so it ends there.
    String first =
        String.join(
            " ",
            java.util.Collections.nCopies(4, "Alpha beta gamma delta epsilon zeta eta theta."));
    String second =
        String.join(
            " ", java.util.Collections.nCopies(4, "Iota kappa lambda mu nu xi omicron pi."));
    String text = first + "\n\n" + second;
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(60, 0.0, 510))
            .chunk(StructuredDocument.plain(text));
    assertThat(chunks).extracting(TextChunk::text).containsExactly(first, second);
  }

  @Test
  void zeroOverlapMeansDisjointChunks() {
    String text = prose(new Random(3), 40);
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(60, 0.0, 510))
            .chunk(StructuredDocument.plain(text));
    for (int i = 1; i < chunks.size(); i++) {
      assertThat(chunks.get(i).start()).isGreaterThanOrEqualTo(chunks.get(i - 1).end());
    }
    assertCoversEveryWord(text, chunks);
  }

  @Test
  void neverMixesSectionsAndGivesGapsTheRootPath() {
    String intro = "Preface text here.\n\n";
    String a = "Alpha\n\n" + prose(new Random(1), 12);
    String b = "\n\nBeta\n\n" + prose(new Random(2), 12);
    String text = intro + a + b;
    int aStart = intro.length();
    int bStart = aStart + a.length();
    var document =
        new StructuredDocument(
            text,
            List.of(
                new Section(List.of("Alpha"), aStart, bStart),
                new Section(List.of("Alpha", "Beta"), bStart, text.length())),
            List.of());
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(80, 0.15, 510)).chunk(document);
    assertThat(chunks.getFirst().sectionPath()).isEmpty();
    assertThat(chunks.getFirst().text()).isEqualTo("Preface text here.");
    for (TextChunk chunk : chunks.subList(1, chunks.size())) {
      boolean inA = chunk.start() >= aStart && chunk.end() <= bStart;
      boolean inB = chunk.start() >= bStart;
      assertThat(inA || inB).as(chunk.toString()).isTrue();
      assertThat(chunk.sectionPath()).isEqualTo(inA ? List.of("Alpha") : List.of("Alpha", "Beta"));
    }
    assertThat(chunks).anySatisfy(c -> assertThat(c.text()).startsWith("Beta"));
  }

  @Test
  void assignsTheStartAndEndPageOfEachChunk() {
    String page1 = prose(new Random(5), 8) + "\n";
    String page2 = prose(new Random(6), 8) + "\n";
    String text = page1 + page2;
    var document =
        new StructuredDocument(
            text,
            List.of(),
            List.of(
                new PageSpan(1, 0, page1.length()),
                new PageSpan(2, page1.length(), text.length())));
    List<TextChunk> chunks =
        new DocumentChunker(WORDS, new ChunkingOptions(40, 0.0, 510)).chunk(document);
    assertThat(chunks).extracting(TextChunk::page).contains(1, 2);
    for (TextChunk chunk : chunks) {
      assertThat(chunk.page()).isEqualTo(chunk.start() < page1.length() ? 1 : 2);
      assertThat(chunk.lastPage()).isEqualTo(chunk.end() - 1 < page1.length() ? 1 : 2);
    }
  }

  @Test
  void cutsTextWithoutSeparatorsAtTokenBoundariesUnderTheModelLimit() {
    StringBuilder blob = new StringBuilder();
    Random random = new Random(9);
    while (blob.length() < 30_000) {
      blob.append((char) ('a' + random.nextInt(26)));
    }
    String text = blob.toString();
    var options = ChunkingOptions.forModel(384, 0.15, 512);
    List<TextChunk> chunks =
        new DocumentChunker(TokenCounter.of(bge), options).chunk(StructuredDocument.plain(text));
    assertThat(chunks).hasSizeGreaterThan(1);
    for (TextChunk chunk : chunks) {
      assertThat(bge.countTokens(chunk.text())).isLessThanOrEqualTo(options.maxTokens());
      assertThat(text.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
    }
    assertThat(chunks.getFirst().start()).isZero();
    assertThat(chunks.getLast().end()).isEqualTo(text.length());
  }

  @Test
  void givesNoChunksForBlankText() {
    var chunker = new DocumentChunker(WORDS, new ChunkingOptions(10, 0.1, 510));
    assertThat(chunker.chunk(StructuredDocument.plain(""))).isEmpty();
    assertThat(chunker.chunk(StructuredDocument.plain(" \n\n \t"))).isEmpty();
  }

  @Test
  void rejectsTargetAboveTheModelLimit() {
    assertThatThrownBy(() -> ChunkingOptions.forModel(600, 0.15, 512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("targetTokens must be in [1, 510]")
        .hasMessageContaining("600");
  }

  @Test
  void rejectsOverlapOutsideItsRange() {
    assertThatThrownBy(() -> new ChunkingOptions(100, 0.6, 510))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 0.5]");
  }

  @Test
  void rejectsOverlappingSections() {
    assertThatThrownBy(
            () ->
                new StructuredDocument(
                    "abcdef",
                    List.of(new Section(List.of("a"), 0, 4), new Section(List.of("b"), 3, 6)),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ordered");
  }

  /** Sentences of 5–14 words each, joined by spaces, with a paragraph break every 5 sentences. */
  static String prose(Random random, int sentences) {
    String[] words = {
      "retrieval",
      "vector",
      "index",
      "model",
      "token",
      "chunk",
      "answer",
      "policy",
      "travel",
      "budget",
      "storage",
      "query",
      "ranking",
      "section",
      "page"
    };
    StringBuilder text = new StringBuilder();
    for (int s = 0; s < sentences; s++) {
      if (s > 0) {
        text.append(s % 5 == 0 ? "\n\n" : " ");
      }
      int n = 5 + random.nextInt(10);
      for (int w = 0; w < n; w++) {
        String word = words[random.nextInt(words.length)];
        text.append(
            w == 0 ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : " " + word);
      }
      text.append('.');
    }
    return text.toString();
  }

  private static void assertCoversEveryWord(String text, List<TextChunk> chunks) {
    Matcher word = Pattern.compile("\\S+").matcher(text);
    while (word.find()) {
      int start = word.start();
      int end = word.end();
      assertThat(chunks)
          .as("word at %d", start)
          .anySatisfy(
              c -> {
                assertThat(c.start()).isLessThanOrEqualTo(start);
                assertThat(c.end()).isGreaterThanOrEqualTo(end);
              });
    }
  }
}
