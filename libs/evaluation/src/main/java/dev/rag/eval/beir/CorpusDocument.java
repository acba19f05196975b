package dev.rag.eval.beir;

/**
 * One corpus entry.
 *
 * @param id the {@code _id}: the document id in the platform and in the qrels
 * @param title may be empty
 * @param text the abstract or passage; may be empty
 */
public record CorpusDocument(String id, String title, String text) {

  public CorpusDocument {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("id must not be empty");
    }
    title = title == null ? "" : title;
    text = text == null ? "" : text;
  }

  /**
   * What the platform ingests: title, a blank line, text, as BEIR's dense baselines encode title
   * and body together. Without a title, the text alone.
   */
  public String ingestText() {
    return title.isEmpty() ? text : title + "\n\n" + text;
  }
}
