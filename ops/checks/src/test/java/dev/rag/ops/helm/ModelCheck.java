package dev.rag.ops.helm;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds fields a Kubernetes object has that its model class does not: fabric8's model classes keep
 * unknown fields in {@code additionalProperties} instead of failing, so a misspelt {@code
 * readinessProbes} or a field at the wrong level would otherwise pass unnoticed.
 */
final class ModelCheck {

  private ModelCheck() {}

  /** Paths of unknown fields, e.g. {@code spec.template.spec.containers[0].readinessProbes}. */
  static List<String> unknownFields(Object object) {
    List<String> found = new ArrayList<>();
    walk(object, "", found, new IdentityHashMap<>());
    return found;
  }

  private static void walk(
      Object node, String path, List<String> found, IdentityHashMap<Object, Boolean> seen) {
    if (node == null || seen.put(node, Boolean.TRUE) != null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", found, seen);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, found, seen));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method getter : node.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getName().equals("getClass")) {
        continue;
      }
      Object value;
      try {
        value = getter.invoke(node);
      } catch (ReflectiveOperationException e) {
        continue;
      }
      String field =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      if (field.equals("additionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra
              .keySet()
              .forEach(
                  k -> found.add(path.isEmpty() ? String.valueOf(k) : path.substring(1) + "." + k));
        }
      } else {
        walk(value, path + "." + field, found, seen);
      }
    }
  }
}
