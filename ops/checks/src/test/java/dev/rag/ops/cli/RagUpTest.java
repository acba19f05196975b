package dev.rag.ops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.ops.config.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./rag up} after a crash, on a copy of the script whose "services" are stand-ins: a fake
 * {@code java} that answers the JDK probe and serves {@code /actuator/health/readiness} with the
 * real JDK's {@code jwebserver} on the service's port (or exits at once when told to fail), and a
 * fake {@code ops/local/infra} whose broker is always running. Real processes, real signals, real
 * ports: a killed service is restarted alone, its previous log is kept, a zombie left in a pid file
 * counts as down, and a service that fails to start stops nothing that was healthy before.
 */
class RagUpTest {

  @TempDir Path dir;

  Path root;
  Path state;
  Path fake;
  final Map<String, Integer> ports = new LinkedHashMap<>();
  Process zombieParent;

  record Run(int exit, String out, String err) {}

  @BeforeEach
  void copyTheScriptWithStandIns() throws IOException {
    root = Files.createDirectories(dir.resolve("repo"));
    state = Files.createDirectories(dir.resolve("state"));
    fake = Files.createDirectories(dir.resolve("fake"));
    Files.copy(Repository.path("rag"), root.resolve("rag"));
    Files.createDirectories(root.resolve("ops/lib"));
    Files.createDirectories(root.resolve("ops/local"));
    for (String lib : List.of("jdk.sh", "ports.sh")) {
      Files.copy(Repository.path("ops/lib/" + lib), root.resolve("ops/lib/" + lib));
    }
    executable(
        root.resolve("ops/local/infra"),
        """
        #!/usr/bin/env bash
        # A broker that is always there.
        echo "component address state"
        echo "kafka 127.0.0.1:9 running pid 1"
        """);
    for (String service : Repository.SERVICES) {
      Path jar = root.resolve(service + "/target/" + service + "-0.1.0-SNAPSHOT.jar");
      Files.createDirectories(jar.getParent());
      Files.writeString(jar, "not a jar: the fake java never reads it");
      ports.put(service, freePort());
    }
    Path readiness = Files.createDirectories(fake.resolve("www/actuator/health"));
    Files.writeString(readiness.resolve("readiness"), "{\"status\":\"UP\"}");
    executable(
        fake.resolve("jdk/bin/java"),
        """
        #!/usr/bin/env bash
        port=""
        for a in "$@"; do
          case "$a" in
            -XshowSettings*) echo "    java.specification.version = 25" >&2; exit 0 ;;
            --server.port=*) port=${a#--server.port=} ;;
          esac
        done
        if [ -e "%1$s/fail-$port" ]; then echo "stand-in told to fail on $port"; exit 1; fi
        echo "stand-in service on $port"
        exec "%2$s/bin/jwebserver" -b 127.0.0.1 -p "$port" -d "%1$s/www"
        """
            .formatted(fake, System.getProperty("java.home")));
  }

  @AfterEach
  void stopEveryStandIn() throws IOException {
    if (zombieParent != null) {
      zombieParent.destroyForcibly();
    }
    Path run = state.resolve("run");
    if (!Files.isDirectory(run)) {
      return;
    }
    try (var pidFiles = Files.list(run)) {
      for (Path file : pidFiles.filter(f -> f.toString().endsWith(".pid")).toList()) {
        ProcessHandle.of(Long.parseLong(Files.readString(file).trim()))
            .ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  @Test
  void upRestartsOnlyWhatIsDownKeepsTheOldLogAndNeverStopsHealthyServices() throws Exception {
    // A zombie in a pid file (killed, not yet reaped): kill -0 succeeds on it, it is not running.
    long zombie = zombie();
    Files.createDirectories(state.resolve("run"));
    Files.writeString(state.resolve("run/gateway.pid"), zombie + "\n");

    Run first = rag("up");
    assertThat(first.exit()).as(first.err()).isZero();
    Map<String, Long> pids = pids();
    assertThat(pids).hasSize(6).doesNotContainValue(zombie);

    long killed = pids.get("retrieval-service");
    ProcessHandle.of(killed).orElseThrow().destroyForcibly(); // SIGKILL, and up at once
    Run again = rag("up");
    assertThat(again.exit()).as(again.err()).isZero();
    Map<String, Long> after = pids();
    assertThat(after.get("retrieval-service")).isNotEqualTo(killed);
    for (String service : Repository.SERVICES) {
      if (!service.equals("retrieval-service")) {
        assertThat(after.get(service)).as(service + " left running").isEqualTo(pids.get(service));
        assertThat(again.out()).contains(service + ": already running");
      }
    }
    Path logs = state.resolve("logs");
    assertThat(logs.resolve("retrieval-service.log.1"))
        .as("the crashed instance's log is kept")
        .content()
        .contains("stand-in service on " + ports.get("retrieval-service"));
    assertThat(logs.resolve("retrieval-service.log")).exists();

    // A service that cannot start fails up, and only what this run started is stopped.
    int rerank = ports.get("rerank-service");
    Files.writeString(fake.resolve("fail-" + rerank), "");
    ProcessHandle.of(after.get("rerank-service")).orElseThrow().destroyForcibly();
    Run failed = rag("up");
    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.err()).contains("rerank-service exited during start-up");
    for (String service : Repository.SERVICES) {
      if (!service.equals("rerank-service")) {
        assertThat(ProcessHandle.of(after.get(service)).map(ProcessHandle::isAlive))
            .as(service + " still running after rerank-service failed to start")
            .contains(true);
      }
    }
  }

  /** The pid of a process that has exited but whose parent does not reap it (for 60 s). */
  private long zombie() throws IOException {
    zombieParent =
        new ProcessBuilder("bash", "-c", "sleep 0 & echo $!; exec sleep 60")
            .redirectErrorStream(true)
            .start();
    String pid =
        new java.io.BufferedReader(new java.io.InputStreamReader(zombieParent.getInputStream()))
            .readLine()
            .trim();
    long zombie = Long.parseLong(pid);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!state(zombie).startsWith("Z") && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(state(zombie)).as("process %d is a zombie", zombie).startsWith("Z");
    return zombie;
  }

  private static String state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2);
    } catch (IOException e) {
      return "";
    }
  }

  private Map<String, Long> pids() throws IOException {
    Map<String, Long> pids = new LinkedHashMap<>();
    for (String service : Repository.SERVICES) {
      Path file = state.resolve("run/" + service + ".pid");
      if (Files.exists(file)) {
        pids.put(service, Long.parseLong(Files.readString(file).trim()));
      }
    }
    return pids;
  }

  private Run rag(String... args) {
    List<String> command = new ArrayList<>(List.of(root.resolve("rag").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    Map<String, String> env = builder.environment();
    env.put("RAG_STATE_DIR", state.toString());
    env.put("RAG_SKIP_BUILD", "1");
    env.put("JAVA_HOME", fake.resolve("jdk").toString());
    env.put("RAG_START_TIMEOUT", "60");
    env.put("RAG_PORT_WAIT", "10");
    env.put("RAG_INGEST_PORT", ports.get("ingest-service").toString());
    env.put("RAG_EMBEDDING_PORT", ports.get("embedding-service").toString());
    env.put("RAG_RETRIEVAL_PORT", ports.get("retrieval-service").toString());
    env.put("RAG_RERANK_PORT", ports.get("rerank-service").toString());
    env.put("RAG_GENERATION_PORT", ports.get("generation-service").toString());
    env.put("RAG_GATEWAY_PORT", ports.get("gateway").toString());
    try {
      Path out = Files.createTempFile(dir, "out", ".txt");
      Path err = Files.createTempFile(dir, "err", ".txt");
      Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!process.waitFor(180, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("./rag " + String.join(" ", args) + " did not end in 180 s");
      }
      return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void executable(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
