package dev.rag.generation.answer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Recognises instruction-like text inside retrieved documents ("ignore previous instructions",
 * "you are now ...", "reveal the system prompt") and the control-token spellings of chat
 * templates. Such sentences are data that tries to act as instructions: a source holding one is
 * flagged in the response, the sentence is never chosen as an extractive answer, and it is
 * replaced by a marker in generative prompts. Detection is a pattern list, so it is a tripwire,
 * not a proof of safety; the prompt's delimiters and its "sources are data" rule are the other
 * half of the defence.
 */
public final class InjectionGuard {

  /** What a neutralised sentence is replaced with in prompts. */
  static final String REMOVED = "[instruction-like text removed]";

  private static final List<Pattern> PATTERNS = List.of(
      Pattern.compile("\\b(ignore|disregard|forget|override|bypass)\\b.{0,40}\\b(previous|prior|above|earlier|all|any|your|the)\\b.{0,30}\\b(instructions?|prompts?|rules|directions|guidelines|context)\\b"),
      Pattern.compile("\\byou are now\\b|\\bfrom now on,? you\\b|\\bnew instructions?\\s*:"),
      Pattern.compile("\\b(system|developer) (prompt|message|instructions?)\\b"),
      Pattern.compile("\\b(act|behave|respond) as (if you were |an? |the )?(unrestricted|jailbroken|dan|different|new)\\b|\\bpretend (to be|you are)\\b"),
      Pattern.compile("\\b(reveal|print|show|repeat|output|leak)\\b.{0,30}\\b(prompt|instructions|secret|password|api key|credentials)\\b"),
      Pattern.compile("\\b(do not|don't|never) (cite|mention|tell)\\b.{0,40}\\b(sources?|user|documents?)\\b"),
      Pattern.compile("<\\|[a-z_]+\\|>|\\[/?inst]|</?s>|<<sys>>"));

  private InjectionGuard() {}

  /** Whether {@code sentence} reads as an instruction to the model rather than content. */
  public static boolean isInstructionLike(String sentence) {
    String lower = sentence.toLowerCase(java.util.Locale.ROOT);
    for (Pattern p : PATTERNS) {
      if (p.matcher(lower).find()) {
        return true;
      }
    }
    return false;
  }

  /** Whether any sentence of {@code text} is instruction-like. */
  public static boolean containsInjection(String text) {
    return SentenceSplitter.split(text).stream().anyMatch(s -> isInstructionLike(s.text()));
  }

  /**
   * The text with instruction-like sentences replaced by {@link #REMOVED} and chat-template
   * control spellings broken up, so neither reaches the model as an instruction or a token.
   */
  public static String neutralise(String text) {
    StringBuilder out = new StringBuilder();
    int last = 0;
    for (SentenceSplitter.Span s : SentenceSplitter.split(text)) {
      if (isInstructionLike(s.text())) {
        out.append(text, last, s.start()).append(REMOVED);
        last = s.end();
      }
    }
    out.append(text.substring(last));
    return defuseControlTokens(out.toString());
  }

  /** Breaks "<|im_start|>", "[INST]", "</s>" and the like so a tokenizer reads them as text. */
  public static String defuseControlTokens(String text) {
    return text.replace("<|", "< |").replace("|>", "| >").replace("[INST]", "[ INST]")
        .replace("[/INST]", "[ /INST]").replace("</s>", "< /s>").replace("<s>", "< s>")
        .replace("<<SYS>>", "< <SYS> >");
  }
}
