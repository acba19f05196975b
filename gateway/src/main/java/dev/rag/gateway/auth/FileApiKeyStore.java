package dev.rag.gateway.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keys in one JSON file (the embedded default, no database). The file holds hashes only; every
 * change rewrites it through a temporary file and an atomic move, so a crash never leaves it
 * half-written. One gateway process owns the file; access is serialised on this store.
 */
public final class FileApiKeyStore implements ApiKeyStore {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path file;
  private final List<ApiKey> keys = new ArrayList<>();

  public FileApiKeyStore(Path file) {
    this.file = file;
    try {
      if (Files.exists(file)) {
        keys.addAll(JSON.readValue(file.toFile(), new TypeReference<List<ApiKey>>() {}));
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "cannot read the API key file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized Optional<ApiKey> findByHash(String hash) {
    return keys.stream().filter(key -> ApiKeySecrets.sameHash(key.hash(), hash)).findFirst();
  }

  @Override
  public synchronized void add(ApiKey key) {
    if (keys.stream().anyMatch(k -> k.id().equals(key.id()) || k.hash().equals(key.hash()))) {
      throw new IllegalArgumentException(
          "a key with id " + key.id() + " or the same secret exists");
    }
    keys.add(key);
    save();
  }

  @Override
  public synchronized List<ApiKey> list() {
    return keys.stream()
        .sorted(Comparator.comparing(ApiKey::createdAt).reversed().thenComparing(ApiKey::id))
        .toList();
  }

  @Override
  public synchronized boolean revoke(String id, Instant at) {
    for (int i = 0; i < keys.size(); i++) {
      ApiKey key = keys.get(i);
      if (key.id().equals(id) && !key.revoked()) {
        keys.set(
            i,
            new ApiKey(
                key.id(),
                key.name(),
                key.hash(),
                key.role(),
                key.collections(),
                key.createdAt(),
                at));
        save();
        return true;
      }
    }
    return false;
  }

  private void save() {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(temporary, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(keys));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the API key file " + file, e);
    }
  }
}
