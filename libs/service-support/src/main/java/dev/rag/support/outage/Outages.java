package dev.rag.support.outage;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Whether a failure is an outage of a dependency rather than a fault of the record or request being
 * handled. Looks through the whole cause chain, so Spring's and Kafka's wrappers do not hide it.
 */
public final class Outages {

  /** What a client caught in an outage is told to wait before trying again. */
  public static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  /**
   * SQLSTATE classes of a database that cannot serve anyone right now: 08 connection exception, 53
   * insufficient resources (disk full, out of memory, too many connections), 57P operator
   * intervention (shutdown, crash recovery, "cannot connect now").
   */
  private static final List<String> OUTAGE_SQL_STATES = List.of("08", "53", "57P");

  /** Deeper cause chains are cut off (and a cycle cannot loop forever). */
  private static final int MAX_DEPTH = 32;

  private Outages() {}

  public static boolean isOutage(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
      if (cause instanceof OutageException
          || cause instanceof SQLTransientException
          || cause instanceof SQLRecoverableException
          || cause instanceof RetriableException
          || (cause instanceof SQLException sql && outageState(sql.getSQLState()))
          || lostConnection(cause)) {
        return true;
      }
    }
    return false;
  }

  /** The root cause in one line ({@code ConnectException: Connection refused}), for a log. */
  public static String describe(Throwable failure) {
    Throwable root = failure;
    for (int depth = 0; root.getCause() != null && depth < MAX_DEPTH; depth++) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /**
   * A transaction whose rollback failed on the JDBC connection: the connection broke under it (the
   * pool then reports only "Connection is closed"), and Spring throws that instead of the failure
   * that started the rollback, which is kept as the application exception.
   */
  private static boolean lostConnection(Throwable failure) {
    return failure instanceof TransactionSystemException tx
        && (tx.getCause() instanceof SQLException
            || (tx.getApplicationException() != null && isOutage(tx.getApplicationException())));
  }

  private static boolean outageState(String sqlState) {
    return sqlState != null && OUTAGE_SQL_STATES.stream().anyMatch(sqlState::startsWith);
  }
}
