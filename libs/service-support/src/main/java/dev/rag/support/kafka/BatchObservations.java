package dev.rag.support.kafka;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation.DefaultKafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaListenerObservationConvention;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * One observation per record for a batch listener, the same one Spring Kafka gives each record of a
 * record listener: a {@code <topic> process} span continuing the trace in the record's headers.
 * Spring Kafka does not observe batch listeners (one batch holds records of many traces), so a
 * batch listener runs the batch in {@link #observe} and does the work that belongs to one record —
 * publishing that record's result — {@link Scopes#within} its observation; the template's producer
 * span, and the trace context in the published record's headers, then continue that record's trace.
 * Every record's span lasts for the whole batch, since its record waited for the batch's shared
 * work (one model call, one index commit) that no single trace owns.
 */
public final class BatchObservations {

  /**
   * Spring Kafka's span names and tags under a timer name of our own ({@code
   * rag.kafka.batch.record}: how long a record took from its batch's start to its end): a batch
   * container still keeps Micrometer's older {@code spring.kafka.listener} timer, whose tags
   * differ, and Prometheus refuses two meters of one name with different tags.
   */
  private static final KafkaListenerObservationConvention CONVENTION =
      new DefaultKafkaListenerObservationConvention() {
        @Override
        public String getName() {
          return "rag.kafka.batch.record";
        }
      };

  private final ObservationRegistry registry;
  private final String listenerId;

  public BatchObservations(ObservationRegistry registry, String listenerId) {
    this.registry = registry;
    this.listenerId = listenerId;
  }

  /** Work done for one record of the batch, inside that record's observation. */
  public interface Scopes {
    <T> T within(ConsumerRecord<?, ?> record, Supplier<T> work);
  }

  /**
   * Starts an observation for every record of {@code batch}, runs {@code work}, and stops them all
   * (as failed when {@code work} throws, which then propagates).
   */
  public void observe(List<? extends ConsumerRecord<?, ?>> batch, Consumer<Scopes> work) {
    Map<ConsumerRecord<?, ?>, Observation> observations = new IdentityHashMap<>(batch.size());
    for (ConsumerRecord<?, ?> record : batch) {
      observations.put(record, start(record));
    }
    Scopes scopes =
        new Scopes() {
          @Override
          public <T> T within(ConsumerRecord<?, ?> record, Supplier<T> inside) {
            Observation observation = observations.get(record);
            if (observation == null) {
              throw new IllegalArgumentException(
                  "record "
                      + record.topic()
                      + "-"
                      + record.partition()
                      + "@"
                      + record.offset()
                      + " is not in this batch");
            }
            try (Observation.Scope scope = observation.openScope()) {
              return inside.get();
            }
          }
        };
    try {
      work.accept(scopes);
    } catch (RuntimeException | Error e) {
      observations.values().forEach(observation -> observation.error(e));
      throw e;
    } finally {
      observations.values().forEach(Observation::stop);
    }
  }

  private Observation start(ConsumerRecord<?, ?> record) {
    return KafkaListenerObservation.LISTENER_OBSERVATION
        .observation(
            null,
            CONVENTION,
            () -> new KafkaRecordReceiverContext(record, listenerId, () -> null),
            registry)
        .start();
  }
}
