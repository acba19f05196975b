package dev.rag.ingest.bench;

import dev.rag.encoders.BundledModels;
import dev.rag.encoders.chunking.ChunkingOptions;
import dev.rag.encoders.chunking.DocumentChunker;
import dev.rag.encoders.chunking.TextChunk;
import dev.rag.encoders.chunking.TokenCounter;
import dev.rag.encoders.tokenize.TextTokenizer;
import dev.rag.ingest.parsing.ContentTypes;
import dev.rag.ingest.parsing.DocumentContent;
import dev.rag.ingest.parsing.DocumentParser;
import dev.rag.ingest.parsing.ParsedDocument;
import dev.rag.ingest.support.Fixtures;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.apache.tika.config.TikaConfig;

/**
 * Parse + chunk throughput on generated documents with the real bge-small tokenizer (target 384,
 * overlap 0.15): a 1 MB Markdown file, the two-page PDF and the DOCX fixture. One warm-up, then the
 * median of 5 runs. Not a test; run with the command in bench/RESULTS.md.
 */
public final class IngestBenchmark {

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile("tokenizer", ".json");
    try (InputStream in =
        BundledModels.class
            .getClassLoader()
            .getResourceAsStream(BundledModels.BGE_SMALL_TOKENIZER)) {
      Files.copy(in, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    try (TextTokenizer tokenizer = TextTokenizer.load(file)) {
      DocumentChunker chunker =
          new DocumentChunker(TokenCounter.of(tokenizer), ChunkingOptions.forModel(384, 0.15, 512));
      DocumentParser parser = new DocumentParser(TikaConfig.getDefaultConfig(), 20_000_000);
      StringBuilder md = new StringBuilder();
      for (int i = 0; md.length() < 1_000_000; i++) {
        md.append("## Section ")
            .append(i)
            .append("\n\n")
            .append(Fixtures.paragraph(i, "word", 12))
            .append("\n\n")
            .append(Fixtures.paragraph(i + 7, "term", 9))
            .append("\n\n");
      }
      byte[] markdown = md.toString().getBytes(StandardCharsets.UTF_8);
      run("markdown 1 MB", markdown, ContentTypes.MARKDOWN, parser, chunker);
      run("pdf 2 pages", Fixtures.pdf(1), ContentTypes.PDF, parser, chunker);
      run("docx 3 sections", Fixtures.docx(1), ContentTypes.DOCX, parser, chunker);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static void run(
      String name, byte[] bytes, String type, DocumentParser parser, DocumentChunker chunker) {
    var content = new DocumentContent.Bytes(bytes);
    Supplier<List<TextChunk>> work =
        () -> {
          ParsedDocument parsed = parser.parse(content, type, name);
          return chunker.chunk(parsed.structure());
        };
    List<TextChunk> chunks = work.get();
    long[] parseNanos = new long[5];
    long[] totalNanos = new long[5];
    for (int i = 0; i < 5; i++) {
      long start = System.nanoTime();
      ParsedDocument parsed = parser.parse(content, type, name);
      long parsedAt = System.nanoTime();
      chunker.chunk(parsed.structure());
      long end = System.nanoTime();
      parseNanos[i] = parsedAt - start;
      totalNanos[i] = end - start;
    }
    Arrays.sort(parseNanos);
    Arrays.sort(totalNanos);
    double seconds = totalNanos[2] / 1e9;
    int tokens = chunks.stream().mapToInt(TextChunk::tokenCount).sum();
    System.out.printf(
        "%-18s bytes=%d chunks=%d tokens=%d parse=%.1f ms parse+chunk=%.1f ms (%.2f MB/s, %.0f chunks/s)%n",
        name,
        bytes.length,
        chunks.size(),
        tokens,
        parseNanos[2] / 1e6,
        totalNanos[2] / 1e6,
        bytes.length / 1e6 / seconds,
        chunks.size() / seconds);
  }
}
