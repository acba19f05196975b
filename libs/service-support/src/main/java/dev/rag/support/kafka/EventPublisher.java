package dev.rag.support.kafka;

import dev.rag.contracts.json.EventJson;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/** Publishes contract events as JSON, keyed (by the caller) with the document id. */
public class EventPublisher {

  private final KafkaTemplate<String, byte[]> template;

  public EventPublisher(KafkaTemplate<String, byte[]> template) {
    this.template = template;
  }

  public CompletableFuture<SendResult<String, byte[]>> publish(
      String topic, String key, Object event) {
    return template.send(topic, key, EventJson.write(event));
  }
}
