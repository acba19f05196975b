package dev.rag.contracts.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Map;

/**
 * A record on {@code rag.documents}: a producer's request to add, replace or delete a document.
 * Keyed by {@link #documentId()}. The JSON form carries {@code "op": "upsert" | "delete"}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "op")
@JsonSubTypes({
  @JsonSubTypes.Type(value = DocumentEvent.Upsert.class, name = "upsert"),
  @JsonSubTypes.Type(value = DocumentEvent.Delete.class, name = "delete")
})
public sealed interface DocumentEvent {

  int schemaVersion();

  String documentId();

  String collection();

  /**
   * Adds or replaces a document. Exactly one of {@code text} and {@code bytes} (base64 in JSON) is
   * set. {@code version} orders updates: a lower version than the stored one is ignored.
   */
  record Upsert(
      int schemaVersion,
      String documentId,
      long version,
      String collection,
      String title,
      String sourceUri,
      String contentType,
      String text,
      byte[] bytes,
      Map<String, String> metadata)
      implements DocumentEvent {

    public Upsert {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
      if ((text == null) == (bytes == null)) {
        throw new IllegalArgumentException("exactly one of text and bytes must be set");
      }
      metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
  }

  /** Removes every version of a document up to and including {@code version}. */
  record Delete(int schemaVersion, String documentId, long version, String collection)
      implements DocumentEvent {

    public Delete {
      SchemaVersions.checkDocumentEvent(schemaVersion, documentId, collection, version);
    }
  }
}
