package dev.rag.llm.tokenizer;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

/**
 * The Python {@code str} methods that Hugging Face chat templates call ({@code content.strip()},
 * {@code role.startswith('sys')}, {@code text.split('\n')}), for Jinjava, which otherwise offers
 * only Java's {@code String} methods. Jinja templates are written against Python, so where a name
 * exists in both languages with different meaning ({@code split} takes a regex in Java) Python
 * wins. Calls on anything other than a string, or to other names, are left to the next resolver.
 */
final class PythonStringMethods extends ELResolver {

  @Override
  public Object invoke(
      ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
    if (!(base instanceof String s) || !(method instanceof String name)) {
      return null;
    }
    Object[] args = params == null ? new Object[0] : params;
    Object result = call(s, name, args);
    if (result != NOT_HANDLED) {
      context.setPropertyResolved(true);
      return result;
    }
    return null;
  }

  private static final Object NOT_HANDLED = new Object();

  private static Object call(String s, String name, Object[] args) {
    return switch (name) {
      case "strip" ->
          args.length == 0 ? s.strip() : rstrip(lstrip(s, chars(args[0])), chars(args[0]));
      case "lstrip" -> args.length == 0 ? s.stripLeading() : lstrip(s, chars(args[0]));
      case "rstrip" -> args.length == 0 ? s.stripTrailing() : rstrip(s, chars(args[0]));
      case "startswith" ->
          args.length == 1 ? affixes(args[0]).stream().anyMatch(s::startsWith) : NOT_HANDLED;
      case "endswith" ->
          args.length == 1 ? affixes(args[0]).stream().anyMatch(s::endsWith) : NOT_HANDLED;
      case "upper" -> s.toUpperCase(Locale.ROOT);
      case "lower" -> s.toLowerCase(Locale.ROOT);
      case "capitalize" ->
          s.isEmpty()
              ? s
              : s.substring(0, 1).toUpperCase(Locale.ROOT)
                  + s.substring(1).toLowerCase(Locale.ROOT);
      case "title" -> title(s);
      case "split" -> split(s, args);
      case "replace" ->
          args.length == 2
              ? s.replace(String.valueOf(args[0]), String.valueOf(args[1]))
              : NOT_HANDLED;
      case "find" -> args.length == 1 ? s.indexOf(String.valueOf(args[0])) : NOT_HANDLED;
      case "count" -> args.length == 1 ? count(s, String.valueOf(args[0])) : NOT_HANDLED;
      default -> NOT_HANDLED;
    };
  }

  /** Python's {@code strip(None)} means whitespace. */
  private static String chars(Object arg) {
    return arg == null ? null : String.valueOf(arg);
  }

  private static String lstrip(String s, String chars) {
    if (chars == null) {
      return s.stripLeading();
    }
    int i = 0;
    while (i < s.length() && chars.indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return s.substring(i);
  }

  private static String rstrip(String s, String chars) {
    if (chars == null) {
      return s.stripTrailing();
    }
    int end = s.length();
    while (end > 0 && chars.indexOf(s.charAt(end - 1)) >= 0) {
      end--;
    }
    return s.substring(0, end);
  }

  /** {@code startswith} takes one string or a tuple (a list, in Jinjava) of them. */
  private static List<String> affixes(Object arg) {
    if (arg instanceof Iterable<?> many) {
      List<String> out = new ArrayList<>();
      many.forEach(a -> out.add(String.valueOf(a)));
      return out;
    }
    return List.of(String.valueOf(arg));
  }

  private static String title(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    boolean previousIsLetter = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      sb.append(previousIsLetter ? Character.toLowerCase(c) : Character.toUpperCase(c));
      previousIsLetter = Character.isLetter(c);
    }
    return sb.toString();
  }

  /**
   * Python semantics: no separator splits on runs of whitespace; a separator is literal, not a
   * regex.
   */
  private static List<String> split(String s, Object[] args) {
    String sep = args.length > 0 && args[0] != null ? String.valueOf(args[0]) : null;
    int maxSplit = args.length > 1 && args[1] instanceof Number n ? n.intValue() : -1;
    List<String> parts = new ArrayList<>();
    if (sep == null) {
      String rest = s.stripLeading();
      while (!rest.isEmpty()) {
        if (maxSplit >= 0 && parts.size() == maxSplit) {
          parts.add(rest);
          return parts;
        }
        int end = 0;
        while (end < rest.length() && !Character.isWhitespace(rest.charAt(end))) {
          end++;
        }
        parts.add(rest.substring(0, end));
        rest = rest.substring(end).stripLeading();
      }
      return parts;
    }
    if (sep.isEmpty()) {
      throw new IllegalArgumentException("empty separator");
    }
    int from = 0;
    int at;
    while ((maxSplit < 0 || parts.size() < maxSplit) && (at = s.indexOf(sep, from)) >= 0) {
      parts.add(s.substring(from, at));
      from = at + sep.length();
    }
    parts.add(s.substring(from));
    return parts;
  }

  private static int count(String s, String sub) {
    if (sub.isEmpty()) {
      return s.length() + 1;
    }
    int n = 0;
    for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) {
      n++;
    }
    return n;
  }

  @Override
  public Object getValue(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public Class<?> getType(ELContext context, Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(ELContext context, Object base, Object property, Object value) {}

  @Override
  public boolean isReadOnly(ELContext context, Object base, Object property) {
    return true;
  }

  @Override
  public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
    return null;
  }

  @Override
  public Class<?> getCommonPropertyType(ELContext context, Object base) {
    return null;
  }
}
