package dev.rag.cli;

import java.util.Arrays;
import java.util.List;

/**
 * Walks a command's arguments flag by flag. The command owns its flags (one {@code switch} over
 * {@link #next()}); this class owns how a flag's value is read and what a mistake is called, so
 * every command says "--depth needs a value", "--depth needs an integer, got 'x'" and "--depth 1001
 * outside [1, 1000]" alike. Every mistake is an {@link IllegalArgumentException} whose message
 * names the flag; the commands turn it into exit status 2 (usage).
 *
 * <pre>{@code
 * ArgumentReader args = new ArgumentReader(argv);
 * while (args.hasNext()) {
 *   switch (args.next()) {
 *     case "--depth" -> depth = args.intValue(1, 1000);
 *     case "--no-ingest" -> ingest = false;
 *     default -> throw args.unknown();
 *   }
 * }
 * }</pre>
 */
public final class ArgumentReader {

  private static final List<String> HELP = List.of("--help", "-h");

  private final String[] args;
  private int next;
  private String flag;

  public ArgumentReader(String[] args) {
    this.args = Arrays.copyOf(args, args.length);
  }

  /** True when the arguments are only a request for help ({@code --help} or {@code -h}). */
  public static boolean asksForHelp(String[] args) {
    return args.length == 1 && HELP.contains(args[0]);
  }

  public boolean hasNext() {
    return next < args.length;
  }

  /** The next flag; the value methods read that flag's value. */
  public String next() {
    if (!hasNext()) {
      throw new IllegalStateException("no argument left after " + flag);
    }
    flag = args[next++];
    return flag;
  }

  /** The current flag's value: the argument after it. */
  public String value() {
    if (next >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[next++];
  }

  /** The current flag's value as an integer in {@code [min, max]}. */
  public int intValue(int min, int max) {
    long x = longValue();
    if (x < min || x > max) {
      throw new IllegalArgumentException(flag + " " + x + " outside [" + min + ", " + max + "]");
    }
    return (int) x;
  }

  /** The current flag's value as a (64-bit) integer. */
  public long longValue() {
    String v = value();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs an integer, got '" + v + "'");
    }
  }

  /** The current flag's value as a finite number. */
  public float floatValue() {
    String v = value();
    float x;
    try {
      x = Float.parseFloat(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number, got '" + v + "'");
    }
    if (!Float.isFinite(x)) {
      throw new IllegalArgumentException(flag + " needs a finite number, got '" + v + "'");
    }
    return x;
  }

  /** The error for a flag the command does not know; throw it from the {@code default} arm. */
  public IllegalArgumentException unknown() {
    return new IllegalArgumentException("unknown argument '" + flag + "'");
  }
}
