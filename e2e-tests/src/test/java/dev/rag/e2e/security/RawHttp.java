package dev.rag.e2e.security;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send request targets that {@code java.net.URI} would
 * refuse or normalize ({@code \}, {@code %zz}, {@code /./}): exactly what an attacker sends. One
 * request per connection; a chunked answer is returned with its framing (tests only look for the
 * presence or absence of text).
 */
final class RawHttp {

  /** A response: status, headers (lower-case names) and the body as text. */
  record Response(int status, Map<String, String> headers, String body) {

    String contentType() {
      return headers.getOrDefault("content-type", "");
    }

    boolean isProblem() {
      return contentType().startsWith("application/problem+json");
    }
  }

  private RawHttp() {}

  static Response send(
      int port, String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(180_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: 127.0.0.1:").append(port).append("\r\n");
      head.append("Connection: close\r\n");
      headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      if (body != null) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream().readAllBytes());
    }
  }

  /** A body sent with {@code Transfer-Encoding: chunked} (no declared length). */
  static Response sendChunked(
      int port, String method, String target, Map<String, String> headers, byte[] body)
      throws IOException {
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    int chunk = 8192;
    for (int offset = 0; offset < body.length; offset += chunk) {
      int length = Math.min(chunk, body.length - offset);
      framed.writeBytes(
          (Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      framed.write(body, offset, length);
      framed.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
    framed.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    Map<String, String> withFraming = new LinkedHashMap<>(headers);
    withFraming.put("Transfer-Encoding", "chunked");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(60_000);
      StringBuilder head =
          new StringBuilder(
              method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "Connection: close\r\n");
      withFraming.forEach(
          (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
      head.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      try {
        out.write(framed.toByteArray());
        out.flush();
      } catch (IOException refusedEarly) {
        // The server may answer and close before the whole body is sent; read what it said.
      }
      InputStream in = socket.getInputStream();
      return parse(in.readAllBytes());
    }
  }

  private static Response parse(byte[] raw) throws IOException {
    String text = new String(raw, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException(
          "not an HTTP response: " + text.substring(0, Math.min(200, text.length())));
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].substring(9, 12));
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    String body = text.substring(end + 4);
    if (headers.getOrDefault("transfer-encoding", "").equalsIgnoreCase("chunked")) {
      body = dechunk(body);
    }
    return new Response(status, headers, body);
  }

  /** The payload of a chunked body (sizes count bytes; our payloads are compared as text). */
  private static String dechunk(String framed) {
    byte[] bytes = framed.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int at = 0;
    while (at < bytes.length) {
      int lineEnd = indexOf(bytes, at);
      if (lineEnd < 0) {
        break;
      }
      String sizeLine =
          new String(bytes, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
      int size = sizeLine.isEmpty() ? 0 : Integer.parseInt(sizeLine, 16);
      if (size == 0) {
        break;
      }
      int start = lineEnd + 2;
      out.write(bytes, start, Math.min(size, bytes.length - start));
      at = start + size + 2;
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i + 1 < bytes.length; i++) {
      if (bytes[i] == '\r' && bytes[i + 1] == '\n') {
        return i;
      }
    }
    return -1;
  }
}
