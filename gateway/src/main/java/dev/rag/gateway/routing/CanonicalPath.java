package dev.rag.gateway.routing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path in the one spelling the gateway accepts, split into decoded segments. Every check
 * and the proxy work on this one reading, so no second spelling of a path can reach a route by a
 * way the checks did not look at.
 *
 * <p>Refused, as no browser or HTTP client library produces them for our routes (the rules of
 * Spring Security's {@code StrictHttpFirewall}, plus RFC 3986's normal form): percent-encoded
 * unreserved characters ({@code %76%31} for {@code v1}: a normalizing client would have sent the
 * letters), encoded {@code /}, {@code \}, {@code %}, {@code ;} or control characters, {@code ;}
 * path parameters, raw characters outside URI syntax, empty segments ({@code //}, a trailing {@code
 * /}), and {@code .} or {@code ..} segments. Percent-encoding of other bytes stays legal (a
 * document id may hold a space), and must decode to valid UTF-8.
 */
public record CanonicalPath(String raw, List<String> segments) {

  /** A path that is not in canonical form; the message says what is wrong, in user terms. */
  public static final class RejectedPathException extends Exception {
    RejectedPathException(String message) {
      super(message, null, false, false);
    }
  }

  private static final String UNRESERVED =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";

  /** Sub-delimiters and ':' '@' of RFC 3986's pchar, minus ';' (path parameters). */
  private static final String OTHER_PCHAR = "!$&'()*+,=:@";

  public CanonicalPath {
    segments = List.copyOf(segments);
  }

  public static CanonicalPath parse(String raw) throws RejectedPathException {
    if (raw == null || !raw.startsWith("/")) {
      throw new RejectedPathException("the path must start with '/'");
    }
    List<String> segments = new ArrayList<>();
    if (raw.equals("/")) {
      return new CanonicalPath(raw, segments);
    }
    String[] parts = raw.substring(1).split("/", -1);
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new RejectedPathException("the path has an empty segment ('//' or a trailing '/')");
      }
      String segment = decode(part);
      if (segment.equals(".") || segment.equals("..")) {
        throw new RejectedPathException("the path has a '.' or '..' segment");
      }
      segments.add(segment);
    }
    return new CanonicalPath(raw, segments);
  }

  private static String decode(String part) throws RejectedPathException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(part.length());
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (c == '%') {
        if (i + 2 >= part.length()) {
          throw new RejectedPathException("the path has a truncated percent-encoding");
        }
        int value = hex(part.charAt(i + 1)) << 4 | hex(part.charAt(i + 2));
        if (value < 0) {
          throw new RejectedPathException("the path has an invalid percent-encoding");
        }
        char decoded = (char) value;
        if (value < 0x80 && UNRESERVED.indexOf(decoded) >= 0) {
          throw new RejectedPathException(
              "the path percent-encodes a letter, digit or '-._~'; send it as is");
        }
        if (decoded == '/'
            || decoded == '\\'
            || decoded == '%'
            || decoded == ';'
            || value < 0x20
            || value == 0x7f) {
          throw new RejectedPathException(
              "the path holds an encoded '/', '\\', '%', ';' or control character");
        }
        bytes.write(value);
        i += 2;
      } else if (UNRESERVED.indexOf(c) >= 0 || OTHER_PCHAR.indexOf(c) >= 0) {
        bytes.write(c);
      } else if (c == ';') {
        throw new RejectedPathException("the path has a ';' parameter");
      } else {
        throw new RejectedPathException(
            "the path holds a character that must be percent-encoded or is not allowed");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RejectedPathException("the path's percent-encoding is not valid UTF-8");
    }
  }

  private static int hex(char c) {
    int digit = Character.digit(c, 16);
    return digit < 0 || c > 'f' ? -0x1000 : digit;
  }
}
