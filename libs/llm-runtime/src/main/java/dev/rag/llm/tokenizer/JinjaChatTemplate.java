package dev.rag.llm.tokenizer;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.lang.reflect.Method;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import jinjava.javax.el.CompositeELResolver;

/**
 * A model's own chat template ({@code tokenizer.chat_template}, the Jinja text from Hugging Face's
 * {@code tokenizer_config.json}) rendered by Jinjava, configured the way {@code transformers} runs
 * these templates: {@code trim_blocks} and {@code lstrip_blocks} on, Python string methods, {@code
 * raise_exception(msg)} and {@code strftime_now(fmt)} as functions, and the variables {@code
 * messages} (maps with {@code role} and {@code content}), {@code add_generation_prompt}, {@code
 * bos_token} and {@code eos_token}.
 *
 * <p>Templates that forbid a system message (Gemma 1 and 2, early Mistral) get it folded into the
 * first user turn, separated by a blank line, as llama.cpp does; this is detected once by rendering
 * a probe conversation. A {@code raise_exception} call becomes a {@link ChatTemplateException}; any
 * other render failure (something Jinjava does not support) falls back to the marker-based format,
 * logged once with the engine's reason.
 */
public final class JinjaChatTemplate implements ChatTemplate {
  private static final Jinjava ENGINE = newEngine();
  private static final String SYSTEM_PROBE = "\u2063system-probe\u2063";

  private final String source;
  private final String bosToken;
  private final String eosToken;
  private final ChatTemplate fallback;
  private final boolean supportsSystemRole;
  private final boolean includesBos;
  private final AtomicBoolean fellBack = new AtomicBoolean();

  private JinjaChatTemplate(
      String source, String bosToken, String eosToken, ChatTemplate fallback) {
    // Jinja's keep_trailing_newline=False, which transformers keeps: one final newline is dropped.
    this.source = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
    this.bosToken = bosToken;
    this.eosToken = eosToken;
    this.fallback = fallback;
    String probe;
    try {
      probe = renderOrThrow(List.of(new ChatMessage("user", "probe")), true);
    } catch (ChatTemplateException e) {
      throw new IllegalArgumentException(
          "it rejects a single user message: " + e.templateMessage(), e);
    }
    this.includesBos = !bosToken.isEmpty() && probe.startsWith(bosToken);
    this.supportsSystemRole = acceptsSystemMessage();
  }

  /**
   * Checks {@code source} by rendering a one-message conversation; throws {@link
   * IllegalArgumentException} naming the reason when the engine cannot render it.
   *
   * @param bosToken text of the BOS token ({@code bos_token}), empty if none
   * @param eosToken text of the EOS token ({@code eos_token}), empty if none
   * @param fallback format used, after one logged warning, if a later render hits an engine error
   */
  public static JinjaChatTemplate of(
      String source, String bosToken, String eosToken, ChatTemplate fallback) {
    return new JinjaChatTemplate(source, bosToken, eosToken, fallback);
  }

  @Override
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<ChatMessage> turns = supportsSystemRole ? messages : foldSystemIntoFirstUser(messages);
    try {
      return renderOrThrow(turns, addGenerationPrompt);
    } catch (IllegalArgumentException e) {
      if (fellBack.compareAndSet(false, true)) {
        MarkerChatTemplate.logFallback(
            "the model's chat template failed to render (" + e.getMessage() + ")", fallback);
      }
      return fallback.render(messages, addGenerationPrompt);
    }
  }

  @Override
  public boolean includesBos() {
    return includesBos;
  }

  /** Whether the template keeps a system message rather than raising on it or dropping it. */
  public boolean supportsSystemRole() {
    return supportsSystemRole;
  }

  /** The Jinja source. */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "JinjaChatTemplate["
        + source.length()
        + " chars, system role "
        + (supportsSystemRole ? "supported" : "folded into the first user turn")
        + "]";
  }

  private boolean acceptsSystemMessage() {
    try {
      return renderOrThrow(
              List.of(new ChatMessage("system", SYSTEM_PROBE), new ChatMessage("user", "probe")),
              true)
          .contains(SYSTEM_PROBE);
    } catch (ChatTemplateException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * {@code system} text, a blank line, then the first user message; other system messages are kept.
   */
  private static List<ChatMessage> foldSystemIntoFirstUser(List<ChatMessage> messages) {
    if (messages.isEmpty() || !messages.getFirst().role().equals("system")) {
      return messages;
    }
    String system = messages.getFirst().content();
    List<ChatMessage> out = new ArrayList<>(messages.subList(1, messages.size()));
    if (!out.isEmpty() && out.getFirst().role().equals("user")) {
      out.set(0, new ChatMessage("user", system + "\n\n" + out.getFirst().content()));
    } else {
      out.addFirst(new ChatMessage("user", system));
    }
    return out;
  }

  /**
   * Renders with Jinjava. A {@code raise_exception} call surfaces as {@link ChatTemplateException};
   * any other fatal engine error as {@link IllegalArgumentException} carrying the engine's message.
   */
  private String renderOrThrow(List<ChatMessage> messages, boolean addGenerationPrompt) {
    List<Map<String, Object>> turns = new ArrayList<>(messages.size());
    for (ChatMessage m : messages) {
      turns.add(Map.of("role", m.role(), "content", m.content()));
    }
    Map<String, Object> context = new HashMap<>();
    context.put("messages", turns);
    context.put("add_generation_prompt", addGenerationPrompt);
    context.put("bos_token", bosToken);
    context.put("eos_token", eosToken);
    RenderResult result;
    try {
      result = ENGINE.renderForResult(source, context);
    } catch (ChatTemplateException e) {
      throw e;
    } catch (RuntimeException e) {
      ChatTemplateException raised = raisedIn(e);
      if (raised != null) {
        throw raised;
      }
      throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    for (TemplateError error : result.getErrors()) {
      ChatTemplateException raised = raisedIn(error.getException());
      if (raised != null) {
        throw raised;
      }
    }
    for (TemplateError error : result.getErrors()) {
      if (error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new IllegalArgumentException("line " + error.getLineno() + ": " + error.getMessage());
      }
    }
    return result.getOutput();
  }

  private static ChatTemplateException raisedIn(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof ChatTemplateException raised) {
        return raised;
      }
    }
    return null;
  }

  private static Jinjava newEngine() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonStringMethods());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    JinjavaConfig config =
        JinjavaConfig.newBuilder()
            .withTrimBlocks(true)
            .withLstripBlocks(true)
            // Message text is data: never re-render "{{ ... }}" that a user typed.
            .withNestedInterpretationEnabled(false)
            // Python's precedence and whitespace rules, not Jinjava's historical ones.
            .withLegacyOverrides(
                LegacyOverrides.newBuilder()
                    .withUseNaturalOperatorPrecedence(true)
                    .withParseWhitespaceControlStrictly(true)
                    .withUseTrimmingForNotesAndExpressions(true)
                    .withHandleBackslashInQuotesOnly(true)
                    .withKeepNullableLoopValues(true)
                    .build())
            .withElResolver(resolver)
            .build();
    Jinjava engine = new Jinjava(config);
    engine
        .getGlobalContext()
        .registerFunction(function("raise_exception", "raiseException", String.class));
    engine
        .getGlobalContext()
        .registerFunction(function("strftime_now", "strftimeNow", String.class));
    return engine;
  }

  private static ELFunctionDefinition function(String name, String method, Class<?>... parameters) {
    try {
      Method m = TemplateFunctions.class.getDeclaredMethod(method, parameters);
      m.setAccessible(true);
      return new ELFunctionDefinition("", name, m);
    } catch (NoSuchMethodException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Functions that transformers adds to the template environment. */
  private static final class TemplateFunctions {
    private TemplateFunctions() {}

    static String raiseException(String message) {
      throw new ChatTemplateException(message);
    }

    /** Python's {@code strftime} for the directives chat templates use (Llama 3.2: "%d %b %Y"). */
    static String strftimeNow(String format) {
      StringBuilder pattern = new StringBuilder();
      for (int i = 0; i < format.length(); i++) {
        char c = format.charAt(i);
        if (c == '%' && i + 1 < format.length()) {
          char d = format.charAt(++i);
          pattern.append(
              switch (d) {
                case 'd' -> "dd";
                case 'm' -> "MM";
                case 'Y' -> "yyyy";
                case 'y' -> "yy";
                case 'b' -> "MMM";
                case 'B' -> "MMMM";
                case 'a' -> "EEE";
                case 'A' -> "EEEE";
                case '%' -> "'%'";
                default -> "'%" + d + "'";
              });
        } else {
          pattern.append(c == '\'' ? "''" : "'" + c + "'");
        }
      }
      return LocalDate.now()
          .format(DateTimeFormatter.ofPattern(pattern.toString(), Locale.ENGLISH));
    }
  }
}
