package dev.rag.e2e.tracing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OpenTelemetry collector: the OTLP/HTTP trace receiver ({@code POST /v1/traces},
 * protobuf, optionally gzip) that keeps the spans it is sent in memory, the newest {@link
 * #CAPACITY} of them. The shared platform exports to it (RunningPlatform), so a test reads the
 * spans every service recorded for its request, as a real collector would have them.
 */
public final class OtlpTraceReceiver implements AutoCloseable {

  /** Enough for every span of several test classes; older spans are dropped first. */
  static final int CAPACITY = 200_000;

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final Deque<ReceivedSpan> spans = new ArrayDeque<>();

  private OtlpTraceReceiver(HttpServer server) {
    this.server = server;
  }

  /** Listens on 127.0.0.1:{@code port}. */
  public static OtlpTraceReceiver start(int port) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
      OtlpTraceReceiver receiver = new OtlpTraceReceiver(server);
      server.createContext("/v1/traces", receiver::export);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for OTLP spans on 127.0.0.1:" + port, e);
    }
  }

  /** The base URL services export to ({@code rag.tracing.otlp-endpoint}). */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every span received so far of trace {@code traceId}. */
  public synchronized List<ReceivedSpan> trace(String traceId) {
    return spans.stream().filter(span -> span.traceId().equals(traceId)).toList();
  }

  private void export(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      InputStream body = exchange.getRequestBody();
      if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
        body = new GZIPInputStream(body);
      }
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(body);
      keep(request);
      byte[] response = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      exchange.getResponseBody().write(response);
    }
  }

  private synchronized void keep(ExportTraceServiceRequest request) {
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = serviceName(resource.getResource().getAttributesList());
      for (ScopeSpans scope : resource.getScopeSpansList()) {
        for (Span span : scope.getSpansList()) {
          spans.addLast(
              new ReceivedSpan(
                  service,
                  HEX.formatHex(span.getTraceId().toByteArray()),
                  HEX.formatHex(span.getSpanId().toByteArray()),
                  HEX.formatHex(span.getParentSpanId().toByteArray()),
                  span.getName(),
                  span.getKind().name()));
          if (spans.size() > CAPACITY) {
            spans.removeFirst();
          }
        }
      }
    }
  }

  private static String serviceName(List<KeyValue> attributes) {
    return attributes.stream()
        .filter(attribute -> attribute.getKey().equals("service.name"))
        .map(attribute -> attribute.getValue().getStringValue())
        .findFirst()
        .orElse("unknown");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
