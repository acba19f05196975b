package dev.rag.contracts.json;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON configuration for events. Unknown properties are tolerated (a newer producer may add
 * fields); a missing or malformed required field is a {@link MalformedEventException}.
 */
public final class EventJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();

  private EventJson() {}

  public static JsonMapper mapper() {
    return MAPPER;
  }

  public static byte[] write(Object event) {
    return MAPPER.writeValueAsBytes(event);
  }

  /** Reads one event, turning every kind of bad input into a {@link MalformedEventException}. */
  public static <T> T read(byte[] json, Class<T> type) {
    if (json == null || json.length == 0) {
      throw new MalformedEventException(
          "empty record where a " + type.getSimpleName() + " was expected");
    }
    try {
      return MAPPER.readValue(json, type);
    } catch (JacksonException | IllegalArgumentException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
      throw new MalformedEventException(
          "not a valid " + type.getSimpleName() + ": " + cause.getMessage(), e);
    }
  }
}
