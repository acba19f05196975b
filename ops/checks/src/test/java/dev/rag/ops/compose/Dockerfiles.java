package dev.rag.ops.compose;

import dev.rag.ops.config.Repository;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** The service images' Dockerfiles ({@code ops/docker/<service>.Dockerfile}) as instructions. */
final class Dockerfiles {

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");

  private Dockerfiles() {}

  static String text(String service) {
    return Repository.read("ops/docker/" + service + ".Dockerfile");
  }

  /** Instructions with continuation lines joined and comments dropped. */
  static List<String> instructions(String service) {
    String joined =
        text(service)
            .lines()
            .filter(l -> !l.stripLeading().startsWith("#"))
            .reduce(
                "",
                (a, b) ->
                    a.endsWith("\\")
                        ? a.substring(0, a.length() - 1) + " " + b.strip()
                        : a + "\n" + b);
    return joined.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }

  /** The instructions of the final stage (after the last FROM). */
  static List<String> runtimeStage(String service) {
    List<String> all = instructions(service);
    int last = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).startsWith("FROM ")) {
        last = i;
      }
    }
    return all.subList(last, all.size());
  }

  /** Environment variables the image's entrypoint itself reads (e.g. JAVA_OPTS). */
  static Set<String> entrypointVariables(String service) {
    Set<String> variables = new TreeSet<>();
    runtimeStage(service).stream()
        .filter(i -> i.startsWith("ENTRYPOINT") || i.startsWith("CMD"))
        .forEach(i -> VARIABLE.matcher(i).results().forEach(m -> variables.add(m.group(1))));
    return variables;
  }
}
