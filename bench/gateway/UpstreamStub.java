// A stand-in upstream for the gateway benchmark (not a platform service): answers POST
// /v1/retrieve and /v1/answers with fixed JSON bodies of realistic size, as fast as the JDK HTTP
// server allows, so that "proxied minus direct" is the gateway's own cost.
//   java bench/gateway/UpstreamStub.java PORT
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

public class UpstreamStub {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String hit = "{\"chunkId\":\"bench:doc.md#%d\",\"documentId\":\"bench:doc.md\",\"score\":0.5,"
        + "\"text\":\"" + "Water hardness is measured in milligrams per litre. ".repeat(4) + "\"}";
    StringBuilder hits = new StringBuilder("{\"hits\":[");
    for (int i = 0; i < 5; i++) {
      hits.append(i == 0 ? "" : ",").append(hit.formatted(i));
    }
    byte[] retrieve = hits.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    byte[] answer = ("{\"answer\":\"" + "The water is moderately hard [1]. ".repeat(8)
        + "\",\"mode\":\"extractive\",\"citations\":[{\"number\":1,\"documentId\":\"bench:doc.md\"}]}")
        .getBytes(StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      exchange.getRequestBody().readAllBytes();
      byte[] body = exchange.getRequestURI().getPath().equals("/v1/answers") ? answer : retrieve;
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    System.out.println("upstream stub on :" + port);
  }
}
