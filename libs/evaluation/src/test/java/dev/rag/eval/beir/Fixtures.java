package dev.rag.eval.beir;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written datasets under {@code src/test/resources/beir}. */
public final class Fixtures {

  private Fixtures() {}

  public static Path resource(String name) {
    try {
      var url = Fixtures.class.getResource("/beir/" + name);
      if (url == null) {
        throw new IllegalStateException("missing test resource beir/" + name);
      }
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Four documents (d1, d2, d3, numeric 4), four queries, qrels with a header. */
  public static BeirDataset tiny() {
    return new BeirDataset(
        resource("tiny/corpus.jsonl"),
        resource("tiny/queries.jsonl"),
        resource("tiny/qrels/test.tsv"));
  }
}
