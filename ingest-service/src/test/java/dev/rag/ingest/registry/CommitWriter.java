package dev.rag.ingest.registry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * The child process of {@link EmbeddedDurabilityTest}: commits one row at a time to the H2 URL it
 * is given and prints each id once its commit has returned, until it is killed.
 */
public final class CommitWriter {

  private CommitWriter() {}

  public static void main(String[] args) throws Exception {
    try (Connection connection = DriverManager.getConnection(args[0], "sa", "")) {
      connection.createStatement().execute("CREATE TABLE IF NOT EXISTS acknowledged (id BIGINT)");
      PreparedStatement insert = connection.prepareStatement("INSERT INTO acknowledged VALUES (?)");
      for (long id = 0; ; id++) {
        insert.setLong(1, id);
        insert.executeUpdate(); // auto-commit: returns after the commit
        System.out.println(id);
        System.out.flush();
      }
    }
  }
}
