package dev.rag.contracts.json;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serializer and deserializer for one event type. Deserialisation failures surface as Kafka
 * {@link SerializationException}s so the container's error handling routes the record to its
 * dead-letter topic instead of blocking the partition.
 */
public final class JsonSerde<T> implements Serializer<T>, Deserializer<T> {

  private final Class<T> type;

  public JsonSerde(Class<T> type) {
    this.type = type;
  }

  @Override
  public byte[] serialize(String topic, T data) {
    return data == null ? null : EventJson.write(data);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    try {
      return EventJson.read(data, type);
    } catch (MalformedEventException e) {
      throw new SerializationException(e.getMessage(), e);
    }
  }

  @Override
  public void configure(java.util.Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
