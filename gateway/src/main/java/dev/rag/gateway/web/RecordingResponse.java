package dev.rag.gateway.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * Keeps a copy of up to {@code limit} bytes of a response, so the answer cache can store it once it
 * is complete. An event stream (or streamed plain text) passes through as it is written (streams
 * keep streaming: every write and flush reaches the client at once). Any other response is held
 * back until {@link #release()}, so the cache has stored it before the client sees its last byte: a
 * client that asks again right after an answer gets the hit. Past the limit the copy is dropped,
 * {@link #recorded()} returns null, and held bytes are sent on.
 */
public final class RecordingResponse extends HttpServletResponseWrapper {

  private final int limit;
  private ByteArrayOutputStream copy = new ByteArrayOutputStream();
  private ServletOutputStream stream;
  private PrintWriter writer;
  private Boolean holding;

  public RecordingResponse(HttpServletResponse response, int limit) {
    super(response);
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be >= 1 byte, was " + limit);
    }
    this.limit = limit;
  }

  /** The bytes written so far, or null when they exceeded the limit. */
  public byte[] recorded() {
    if (writer != null) {
      writer.flush();
    }
    return copy == null ? null : copy.toByteArray();
  }

  /** Sends the bytes held back (nothing for a stream, which was never held). */
  public void release() throws IOException {
    if (writer != null) {
      writer.flush();
    }
    if (Boolean.TRUE.equals(holding) && copy != null) {
      holding = false;
      copy.writeTo(super.getOutputStream());
    }
  }

  private boolean holding() {
    if (holding == null) {
      String type = getContentType();
      holding =
          type == null || !(type.startsWith("text/event-stream") || type.startsWith("text/plain"));
    }
    return holding;
  }

  /** Records the bytes; returns true when they must also be written through now. */
  private boolean keep(byte[] bytes, int offset, int length, ServletOutputStream target)
      throws IOException {
    boolean hold = holding();
    if (copy == null) {
      return true;
    }
    if (copy.size() + length > limit) {
      if (hold) {
        copy.writeTo(target);
        holding = false;
      }
      copy = null;
      return true;
    }
    copy.write(bytes, offset, length);
    return !hold;
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      ServletOutputStream target = super.getOutputStream();
      stream =
          new ServletOutputStream() {
            @Override
            public void write(int b) throws IOException {
              if (keep(new byte[] {(byte) b}, 0, 1, target)) {
                target.write(b);
              }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              if (keep(b, off, len, target)) {
                target.write(b, off, len);
              }
            }

            @Override
            public void flush() throws IOException {
              if (!Boolean.TRUE.equals(holding) || copy == null) {
                target.flush();
              }
            }

            @Override
            public boolean isReady() {
              return target.isReady();
            }

            @Override
            public void setWriteListener(WriteListener listener) {
              target.setWriteListener(listener);
            }
          };
    }
    return stream;
  }

  @Override
  public void flushBuffer() throws IOException {
    if (!Boolean.TRUE.equals(holding) || copy == null) {
      super.flushBuffer();
    }
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      String encoding = getCharacterEncoding();
      Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
      writer = new PrintWriter(new OutputStreamWriter(getOutputStream(), charset), true);
    }
    return writer;
  }
}
