package dev.rag.contracts.events;

/**
 * What both retrievers index for a chunk: the document's title on a line of its own, then the
 * chunk's text. A chunk cut from the middle of a document otherwise says nothing of what the
 * document is about (a SciFact abstract's second half rarely names its subject), so neither its
 * vector nor its BM25 terms can match a question that does. The text a citation shows stays the
 * chunk's own; only the indexed representation carries the title.
 *
 * <p>Embedding-service embeds this text and retrieval-service analyses it for BM25, so the two
 * agree: one place decides it.
 */
public final class RetrievalText {

  /** Longer titles are cut here: a header must not crowd the chunk out of the model's window. */
  public static final int MAX_TITLE_CHARS = 200;

  private RetrievalText() {}

  /**
   * The text to index for a chunk.
   *
   * @param title the document's title; null or blank for none
   * @param text the chunk's text
   * @return {@code text} when there is no title or the text already begins with it (ignoring case
   *     and leading white space, as the first chunk of most documents does), else the title (at
   *     most {@link #MAX_TITLE_CHARS} characters), a line break and the text
   */
  public static String of(String title, String text) {
    if (title == null) {
      return text;
    }
    String header = title.strip();
    if (header.length() > MAX_TITLE_CHARS) {
      int end =
          Character.isHighSurrogate(header.charAt(MAX_TITLE_CHARS - 1))
              ? MAX_TITLE_CHARS - 1
              : MAX_TITLE_CHARS;
      header = header.substring(0, end).strip();
    }
    if (header.isEmpty()) {
      return text;
    }
    String body = text.stripLeading();
    if (body.regionMatches(true, 0, header, 0, header.length())) {
      return text;
    }
    return header + "\n" + text;
  }
}
