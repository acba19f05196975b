package dev.rag.e2e.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Other spellings of one request path, the ones that walked around the gateway's checks before:
 * percent-encoding of each character and of whole segments (also double-encoded), {@code ;}
 * parameters on each segment, {@code //}, {@code /./} and {@code /x/../} at each slash, encoded and
 * back slashes, case variants, and trailing decorations. Every spelling differs from the canonical
 * path.
 */
final class PathSpellings {

  private PathSpellings() {}

  static List<String> of(String canonical) {
    Set<String> spellings = new LinkedHashSet<>();
    for (int i = 1; i < canonical.length(); i++) {
      char c = canonical.charAt(i);
      if (c != '/') {
        spellings.add(canonical.substring(0, i) + encode(c) + canonical.substring(i + 1));
      }
    }
    List<Integer> slashes = new ArrayList<>();
    for (int i = 0; i < canonical.length(); i++) {
      if (canonical.charAt(i) == '/') {
        slashes.add(i);
      }
    }
    String[] segments = canonical.substring(1).split("/");
    for (int s = 0; s < segments.length; s++) {
      String before = "/" + String.join("/", java.util.Arrays.copyOfRange(segments, 0, s));
      String prefix = s == 0 ? "/" : before + "/";
      String after =
          s + 1 < segments.length
              ? "/"
                  + String.join("/", java.util.Arrays.copyOfRange(segments, s + 1, segments.length))
              : "";
      String segment = segments[s];
      if (segment.isEmpty()) {
        continue; // "/" itself: no segment to respell
      }
      StringBuilder whole = new StringBuilder();
      StringBuilder doubled = new StringBuilder();
      for (char c : segment.toCharArray()) {
        whole.append(encode(c));
        doubled.append("%25").append(String.format("%02X", (int) c));
      }
      spellings.add(prefix + whole + after);
      spellings.add(prefix + doubled + after);
      spellings.add(
          prefix
              + encode(segment.charAt(0)).toLowerCase(Locale.ROOT)
              + segment.substring(1)
              + after);
      spellings.add(prefix + segment + ";x" + after);
      spellings.add(prefix + segment + ";x=1" + after);
      spellings.add(prefix + segment + ";" + after);
      spellings.add(prefix + segment.toUpperCase(Locale.ROOT) + after);
      spellings.add(
          prefix + Character.toUpperCase(segment.charAt(0)) + segment.substring(1) + after);
    }
    for (int slash : slashes) {
      String head = canonical.substring(0, slash);
      String tail = canonical.substring(slash + 1);
      spellings.add(head + "//" + tail);
      spellings.add(head + "/./" + tail);
      spellings.add(head + "/zz/../" + tail);
      spellings.add(head + "/%2e/" + tail);
      spellings.add(head + "/zz/%2e%2e/" + tail);
      if (slash > 0) {
        spellings.add(head + "%2F" + tail);
        spellings.add(head + "%2f" + tail);
        spellings.add(head + "\\" + tail);
        spellings.add(head + "%5C" + tail);
      }
    }
    spellings.add(canonical + "/");
    spellings.add(canonical + "/.");
    spellings.add(canonical + "/..");
    spellings.add(canonical + ";");
    spellings.add(canonical + "%20");
    spellings.add(canonical + "%00");
    spellings.add(canonical.toUpperCase(Locale.ROOT));
    spellings.remove(canonical);
    return List.copyOf(spellings);
  }

  private static String encode(char c) {
    return String.format("%%%02X", (int) c);
  }
}
