package dev.rag.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure a new installation can be administered: when the store holds no valid admin key, an
 * admin key for every collection is created and its secret written to the bootstrap file
 * (owner-only permissions). A secret already in that file is reused, so the file stays valid when
 * the embedded key store is wiped. Revoke the key and delete the file once real keys exist.
 */
public final class BootstrapAdminKey {

  private static final Logger log = LoggerFactory.getLogger(BootstrapAdminKey.class);

  private final ApiKeyStore store;
  private final Path file;
  private final Clock clock;

  public BootstrapAdminKey(ApiKeyStore store, Path file, Clock clock) {
    this.store = store;
    this.file = file;
    this.clock = clock;
  }

  /** Ensures an admin key exists; returns true when this call created one. */
  public boolean ensure() {
    boolean adminExists =
        store.list().stream().anyMatch(key -> key.role() == Role.ADMIN && !key.revoked());
    if (adminExists) {
      return false;
    }
    try {
      String secret = Files.exists(file) ? Files.readString(file).strip() : "";
      if (!secret.startsWith(ApiKeySecrets.PREFIX)
          || store.findByHash(ApiKeySecrets.hash(secret)).isPresent()) {
        secret = ApiKeySecrets.newSecret();
      }
      store.add(
          new ApiKey(
              ApiKeySecrets.newId(),
              "bootstrap admin",
              ApiKeySecrets.hash(secret),
              Role.ADMIN,
              List.of(Caller.ALL),
              clock.instant(),
              null));
      write(secret);
      log.info("created the bootstrap admin key; its secret is in {}", file);
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the bootstrap admin key to " + file, e);
    }
  }

  private void write(String secret) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path temporary = parent.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    Files.createFile(temporary);
    try {
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Windows: the file inherits the directory's ACL.
    }
    Files.writeString(temporary, secret + "\n");
    Files.move(
        temporary,
        file,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
