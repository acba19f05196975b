package dev.rag.support.startup;

import java.net.ConnectException;
import java.sql.SQLException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start that failed because infrastructure was missing: our own Kafka check, or a
 * database connection refused while Flyway or the pool opened it.
 */
public class DependencyFailureAnalyzer implements FailureAnalyzer {

  private static final String HINT =
      "Start local infrastructure with './ops/local/infra up' (or check the rag.* / spring.* "
          + "connection settings of this service).";

  @Override
  public FailureAnalysis analyze(Throwable failure) {
    DependencyUnavailableException dependency = find(failure, DependencyUnavailableException.class);
    if (dependency != null) {
      return new FailureAnalysis(describe(dependency.getMessage(), dependency), HINT, dependency);
    }
    SQLException sql = find(failure, SQLException.class);
    if (sql != null
        && (find(sql, ConnectException.class) != null || "08001".equals(sql.getSQLState()))) {
      return new FailureAnalysis(
          "The database (PostgreSQL) is not reachable: " + sql.getMessage(), HINT, sql);
    }
    return null;
  }

  private static String describe(String what, Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return what + ": " + root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
