package dev.rag.gateway.web;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request as the gateway forwards it: optionally with headers added (request id, trace context)
 * and with a body the gateway already read (to check tenants and key the cache) and may have
 * rewritten (collections filled in). {@code Content-Length} always matches the body that is
 * actually sent. Headers named in {@code hidden} (the caller's credentials) are not passed
 * upstream.
 */
public final class ForwardedRequest extends HttpServletRequestWrapper {

  private final Map<String, String> added = new LinkedHashMap<>();
  private final List<String> hidden = new ArrayList<>();
  private byte[] body;

  public ForwardedRequest(HttpServletRequest request) {
    super(request);
  }

  /** The wrapper already around {@code request}, or a new one. */
  public static ForwardedRequest of(HttpServletRequest request) {
    return request instanceof ForwardedRequest forwarded
        ? forwarded
        : new ForwardedRequest(request);
  }

  /** Sets a header sent upstream (replacing the caller's, even one hidden before). */
  public ForwardedRequest header(String name, String value) {
    hidden.remove(name.toLowerCase(Locale.ROOT));
    added.put(name.toLowerCase(Locale.ROOT), value);
    return this;
  }

  /** Removes a header, the caller's and any set before, from what is sent upstream. */
  public ForwardedRequest hide(String name) {
    added.remove(name.toLowerCase(Locale.ROOT));
    hidden.add(name.toLowerCase(Locale.ROOT));
    return this;
  }

  /**
   * Replaces the body sent upstream (the original stream must not have been read by anyone else).
   */
  public ForwardedRequest body(byte[] newBody) {
    this.body = newBody.clone();
    return this;
  }

  /** The body set with {@link #body(byte[])}, or null. */
  public byte[] body() {
    return body == null ? null : body.clone();
  }

  @Override
  public String getHeader(String name) {
    String key = name.toLowerCase(Locale.ROOT);
    if (hidden.contains(key)) {
      return null;
    }
    if (body != null && key.equals("content-length")) {
      return Integer.toString(body.length);
    }
    String value = added.get(key);
    return value != null ? value : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    String value = getHeader(name);
    String key = name.toLowerCase(Locale.ROOT);
    if (hidden.contains(key)) {
      return Collections.emptyEnumeration();
    }
    if (added.containsKey(key) || (body != null && key.equals("content-length"))) {
      return Collections.enumeration(List.of(value));
    }
    return super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = new ArrayList<>();
    for (String name : Collections.list(super.getHeaderNames())) {
      String key = name.toLowerCase(Locale.ROOT);
      if (!hidden.contains(key) && !added.containsKey(key)) {
        names.add(name);
      }
    }
    names.addAll(added.keySet());
    if (body != null && names.stream().noneMatch("content-length"::equalsIgnoreCase)) {
      names.add("content-length");
    }
    return Collections.enumeration(names);
  }

  @Override
  public int getContentLength() {
    return body != null ? body.length : super.getContentLength();
  }

  @Override
  public long getContentLengthLong() {
    return body != null ? body.length : super.getContentLengthLong();
  }

  @Override
  public ServletInputStream getInputStream() throws java.io.IOException {
    if (body == null) {
      return super.getInputStream();
    }
    ByteArrayInputStream in = new ByteArrayInputStream(body);
    return new ServletInputStream() {
      @Override
      public int read() {
        return in.read();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
      }

      @Override
      public boolean isFinished() {
        return in.available() == 0;
      }

      @Override
      public boolean isReady() {
        return true;
      }

      @Override
      public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException("the gateway reads request bodies blocking");
      }
    };
  }

  @Override
  public BufferedReader getReader() throws java.io.IOException {
    if (body == null) {
      return super.getReader();
    }
    return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
  }
}
