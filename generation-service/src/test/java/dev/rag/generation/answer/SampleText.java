package dev.rag.generation.answer;

import dev.rag.encoders.chunking.SentenceSplitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipFile;

/**
 * The readable text of the files in {@code samples/}, extracted just well enough to split into
 * sentences (ingest-service owns the real parsers; generation-service cannot import them): Markdown
 * as is, HTML without tags, DOCX paragraphs from {@code word/document.xml}, PDF text from the
 * {@code Tj} strings of its Flate-compressed content streams (the sample PDF uses the standard
 * Helvetica encoding, so the strings are the text).
 */
final class SampleText {

  private static final Pattern PDF_STREAM =
      Pattern.compile("stream\r?\n(.*?)endstream", Pattern.DOTALL);
  private static final Pattern PDF_TEXT_BLOCK = Pattern.compile("BT(.*?)ET", Pattern.DOTALL);
  private static final Pattern PDF_STRING = Pattern.compile("\\(((?:\\\\.|[^\\\\)])*)\\)\\s*Tj");

  private SampleText() {}

  /** The samples directory of the repository, from the module directory or the root. */
  static Path samplesDir() {
    for (Path p : List.of(Path.of("samples"), Path.of("../samples"))) {
      if (Files.isDirectory(p)) {
        return p;
      }
    }
    throw new IllegalStateException("samples/ not found from " + Path.of("").toAbsolutePath());
  }

  /** The text of {@code file} by its extension; null for a format this class does not read. */
  static String of(Path file) {
    String name = file.getFileName().toString();
    try {
      if (name.endsWith(".md") || name.endsWith(".txt")) {
        return Files.readString(file);
      } else if (name.endsWith(".html") || name.endsWith(".htm")) {
        return html(Files.readString(file));
      } else if (name.endsWith(".docx")) {
        return docx(file);
      } else if (name.endsWith(".pdf")) {
        return pdf(Files.readAllBytes(file));
      }
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String html(String html) {
    String body = html.replaceAll("(?is)<head>.*?</head>", "");
    return body.replaceAll("(?i)</?(?:h\\d|p|li|div|section|br|tr)[^>]*>", "\n\n")
        .replaceAll("<[^>]*>", " ")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"");
  }

  private static String docx(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      String xml =
          new String(
              zip.getInputStream(zip.getEntry("word/document.xml")).readAllBytes(),
              StandardCharsets.UTF_8);
      return xml.replaceAll("</w:p>", "\n\n")
          .replaceAll("<[^>]*>", "")
          .replace("&amp;", "&")
          .replace("&lt;", "<")
          .replace("&gt;", ">")
          .replace("&apos;", "'");
    }
  }

  private static String pdf(byte[] bytes) {
    String raw = new String(bytes, StandardCharsets.ISO_8859_1);
    StringBuilder text = new StringBuilder();
    Matcher stream = PDF_STREAM.matcher(raw);
    while (stream.find()) {
      String content = inflate(stream.group(1).getBytes(StandardCharsets.ISO_8859_1));
      Matcher block = PDF_TEXT_BLOCK.matcher(content);
      while (block.find()) {
        boolean heading = block.group(1).contains("/F1 ");
        Matcher s = PDF_STRING.matcher(block.group(1));
        while (s.find()) {
          // A heading (the bold font) is a paragraph of its own, as the outline makes it in ingest.
          text.append(heading ? "\n\n" : "\n")
              .append(s.group(1).replaceAll("\\\\(.)", "$1"))
              .append(heading ? "\n\n" : "");
        }
      }
    }
    return text.toString();
  }

  private static String inflate(byte[] data) {
    Inflater inflater = new Inflater();
    inflater.setInput(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buffer);
        if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        out.write(buffer, 0, n);
      }
    } catch (DataFormatException e) {
      return ""; // not a Flate stream (an image, a cross-reference table): no text in it
    } finally {
      inflater.end();
    }
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  /** Every sentence of every readable sample, as the guard sees them. */
  static List<String> sampleSentences() {
    List<String> sentences = new ArrayList<>();
    try (var files = Files.list(samplesDir())) {
      for (Path file : files.sorted().toList()) {
        String text = of(file);
        if (text != null) {
          SentenceSplitter.split(text).forEach(s -> sentences.add(s.text()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sentences;
  }
}
