package dev.rag.eval.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvalOptionsTest {

  private static final String[] FILES = {
    "--corpus", "c.jsonl.gz", "--queries", "q.jsonl", "--qrels", "t.tsv"
  };

  @Test
  void defaultsFollowTheIssueAndTheEnvironment() {
    EvalOptions defaults = EvalOptions.parse(FILES, Map.of());
    assertThat(defaults.url()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(defaults.kafka()).isEqualTo("127.0.0.1:9092");
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(3600));
    assertThat(defaults.concurrency()).isEqualTo(4);
    assertThat(defaults.depth()).isEqualTo(200);
    assertThat(defaults.rerankDepth()).isEqualTo(50);
    assertThat(defaults.modes()).containsExactly(EvalMode.values());
    assertThat(defaults.ingest()).isTrue();

    EvalOptions fromEnv =
        EvalOptions.parse(
            FILES,
            Map.of(
                "RAG_KAFKA_BOOTSTRAP",
                "kafka:29092",
                "RAG_GATEWAY_PORT",
                "18080",
                "RAG_API_KEY",
                "secret"));
    assertThat(fromEnv.kafka()).isEqualTo("kafka:29092");
    assertThat(fromEnv.url()).isEqualTo(URI.create("http://127.0.0.1:18080"));
    assertThat(fromEnv.apiKey()).isEqualTo("secret");
  }

  @Test
  void parsesModesAndNumbers() {
    String[] args = {
      "--corpus",
      "c",
      "--queries",
      "q",
      "--qrels",
      "t",
      "--modes",
      "hybrid, bm25",
      "--depth",
      "300",
      "--rerank-depth",
      "100",
      "--concurrency",
      "8",
      "--url",
      "http://gw:9000"
    };
    EvalOptions options = EvalOptions.parse(args, Map.of());
    assertThat(options.modes()).containsExactly(EvalMode.BM25, EvalMode.HYBRID);
    assertThat(options.depth()).isEqualTo(300);
    assertThat(options.rerankDepth()).isEqualTo(100);
    assertThat(options.concurrency()).isEqualTo(8);
    assertThat(options.url()).isEqualTo(URI.create("http://gw:9000"));
  }

  @Test
  void rejectsBadValuesNamingFlagAndRange() {
    assertThatThrownBy(() -> EvalOptions.parse(with("--depth", "1001"), Map.of()))
        .hasMessage("--depth 1001 outside [1, 1000]");
    assertThatThrownBy(() -> EvalOptions.parse(with("--rerank-depth", "300"), Map.of()))
        .hasMessageContaining("--rerank-depth 300 exceeds --depth 200");
    assertThatThrownBy(() -> EvalOptions.parse(with("--modes", "sparse"), Map.of()))
        .hasMessageContaining(
            "mode must be one of bm25, dense, hybrid, hybrid+rerank; was 'sparse'");
    assertThatThrownBy(() -> EvalOptions.parse(with("--collection", "Bad Name"), Map.of()))
        .hasMessageContaining("--collection 'Bad Name' must match");
    assertThatThrownBy(() -> EvalOptions.parse(with("--url", "ftp://x"), Map.of()))
        .hasMessageContaining("--url must be an http(s) URL");
    assertThatThrownBy(() -> EvalOptions.parse(with("--timeout"), Map.of()))
        .hasMessage("--timeout needs a value");
    assertThatThrownBy(() -> EvalOptions.parse(with("--verbose"), Map.of()))
        .hasMessage("unknown argument '--verbose'");
  }

  private static String[] with(String... more) {
    String[] args = new String[FILES.length + more.length];
    System.arraycopy(FILES, 0, args, 0, FILES.length);
    System.arraycopy(more, 0, args, FILES.length, more.length);
    return args;
  }
}
