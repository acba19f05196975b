package dev.rag.support.outage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OutagesTest {

  @Test
  void aDatabaseThatIsDownRestartingOrFullIsAnOutageWhateverWrapsIt() {
    // PostgreSQL: connection refused (08001), terminated by a restart (57P01), disk full (53100).
    for (String state : new String[] {"08001", "08006", "57P01", "57P03", "53100", "53300"}) {
      assertThat(Outages.isOutage(wrapped(new SQLException("down", state)))).as(state).isTrue();
    }
    // Hikari's "connection is not available, request timed out".
    assertThat(Outages.isOutage(wrapped(new SQLTransientConnectionException("pool timeout"))))
        .isTrue();
  }

  @Test
  void aRollbackThatFailedOnABrokenConnectionIsAnOutage() {
    var rollbackFailed =
        new org.springframework.transaction.TransactionSystemException(
            "JDBC rollback failed", new SQLException("Connection is closed"));
    assertThat(Outages.isOutage(new IllegalStateException("ingest", rollbackFailed))).isTrue();
  }

  @Test
  void aFailureOfTheDataItselfIsNot() {
    // unique violation, value too long, syntax error, H2's "database closed" (a stopping service).
    for (String state : new String[] {"23505", "22001", "42601", "90098", null}) {
      assertThat(Outages.isOutage(wrapped(new SQLException("bad", state)))).as(state).isFalse();
    }
    assertThat(Outages.isOutage(new IllegalArgumentException("bad chunk"))).isFalse();
    // An IOException alone may be a corrupt upload: only code that knows says OutageException.
    assertThat(Outages.isOutage(new UncheckedIOException(new IOException("truncated")))).isFalse();
    assertThat(Outages.isOutage(new RecordTooLargeException("1 MB"))).isFalse();
  }

  @Test
  void theBrokerTimingOutAndAnExplicitOutageAreOutages() {
    assertThat(Outages.isOutage(wrapped(new TimeoutException("no ack in 30 s")))).isTrue();
    assertThat(
            Outages.isOutage(
                wrapped(
                    new OutageException("disk full", new IOException("No space left on device")))))
        .isTrue();
  }

  @Test
  void aCauseChainThatLoopsEnds() {
    var first = new RuntimeException("a");
    var second = new RuntimeException("b", first);
    first.initCause(second);
    assertThat(Outages.isOutage(first)).isFalse();
  }

  private static RuntimeException wrapped(Exception cause) {
    return new IllegalStateException("listener failed", new RuntimeException("dao", cause));
  }
}
