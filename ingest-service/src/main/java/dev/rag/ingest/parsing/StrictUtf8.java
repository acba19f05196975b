package dev.rag.ingest.parsing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes text strictly: malformed input is an error naming the byte offset, never a silent U+FFFD.
 * Replacing would index and answer from corrupted words; rejecting tells the uploader which file
 * and where. Streams, so a check needs no more memory than its buffer.
 */
public final class StrictUtf8 {

  private StrictUtf8() {}

  /** The text of {@code in} (a leading byte-order mark dropped), at most {@code maxChars} long. */
  public static String decode(InputStream in, Charset charset, int maxChars) throws IOException {
    StringBuilder text = new StringBuilder();
    run(in, charset, text, maxChars);
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text.deleteCharAt(0);
    }
    return text.toString();
  }

  /** Throws {@link UnparseableDocumentException} naming the offset of the first malformed byte. */
  public static void check(InputStream in, Charset charset) throws IOException {
    run(in, charset, null, Integer.MAX_VALUE);
  }

  private static void run(InputStream in, Charset charset, StringBuilder sink, int maxChars)
      throws IOException {
    CharsetDecoder decoder =
        charset
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
    CharBuffer chars = CharBuffer.allocate(64 * 1024);
    long consumed = 0;
    boolean eof = false;
    while (!eof) {
      int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
      if (n < 0) {
        eof = true;
      } else {
        bytes.position(bytes.position() + n);
      }
      bytes.flip();
      int before = bytes.position();
      CoderResult result = decoder.decode(bytes, chars, eof);
      consumed += bytes.position() - before;
      if (result.isError()) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.INVALID_ENCODING,
            "not valid " + charset.name() + ": malformed byte sequence at byte offset " + consumed);
      }
      drain(chars, sink, maxChars);
      bytes.compact();
    }
    chars.clear();
    decoder.flush(chars);
    drain(chars, sink, maxChars);
  }

  private static void drain(CharBuffer chars, StringBuilder sink, int maxChars) {
    chars.flip();
    if (sink != null) {
      if (sink.length() + chars.remaining() > maxChars) {
        throw new UnparseableDocumentException(
            UnparseableDocumentException.Kind.TOO_LARGE,
            "more than " + maxChars + " characters of text (rag.ingest.max-extracted-chars)");
      }
      sink.append(chars);
    }
    chars.clear();
  }
}
