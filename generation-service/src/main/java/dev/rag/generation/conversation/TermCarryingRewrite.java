package dev.rag.generation.conversation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewrite used without a generative model: deterministic, and cheap enough for every request.
 * Each earlier question is made standalone in turn (so a chain of follow-ups keeps its topic), then
 * the current one against the last of them:
 *
 * <ul>
 *   <li>the topic of a question is its last run of content words ("boil water advisory" in "How
 *       long should I boil water during a boil water advisory?"), its head the run's last word;
 *   <li>"it", "they", "them", and "this"/"that"/"these"/"those" standing alone are replaced by the
 *       topic, "its"/"their" too, and "one"/"ones" after a modifier by the head ("frozen ones" →
 *       "frozen pipes");
 *   <li>an elliptical follow-up ("And what about frozen ones?", "How about meters?") asks the
 *       earlier question again about something else: its focus takes the topic's place in the
 *       earlier question ("What should I do about frozen pipes?");
 *   <li>a follow-up with at most one content word and nothing to resolve ("Why?", "How long?") is
 *       followed by the earlier question, so retrieval sees its key terms.
 * </ul>
 *
 * A question with its own content words and nothing to resolve stands alone and is kept as asked.
 */
final class TermCarryingRewrite {

  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’][\\p{L}]+)?");

  /** "And what about X?", "How about X?", "And X?", "Also X?": the same question about X. */
  private static final Pattern OPENER =
      Pattern.compile(
          "^\\s*(?:(?:and|but|so|ok|okay)[,\\s]+)?(?:what|how)\\s+about\\s+|^\\s*(?:and|also)[,\\s]+",
          Pattern.CASE_INSENSITIVE);

  private static final Pattern DETERMINER =
      Pattern.compile("^(?:a|an|the|some|my|our|your)\\s+", Pattern.CASE_INSENSITIVE);

  private static final Pattern END_PUNCTUATION = Pattern.compile("[\\s?!.。？！]+$");

  /** Words that stand for the whole topic. */
  private static final Set<String> FOR_TOPIC = Set.of("it", "they", "them", "its", "their");

  /** Words that stand for the topic when no noun follows them ("Who issues that?"). */
  private static final Set<String> DEMONSTRATIVE = Set.of("this", "that", "these", "those");

  /** Words that stand for the topic's head after a modifier ("frozen ones"). */
  private static final Set<String> FOR_HEAD = Set.of("one", "ones");

  /** Words that carry no topic: question words, auxiliaries, pronouns, articles, prepositions. */
  private static final Set<String> FUNCTION_WORDS =
      Set.of(
          "what", "when", "where", "which", "who", "whom", "whose", "why", "how", "is", "am", "are",
          "was", "were", "be", "been", "being", "do", "does", "did", "done", "have", "has", "had",
          "can", "could", "shall", "should", "will", "would", "may", "might", "must", "i", "me",
          "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "it", "its",
          "it's", "they", "them", "their", "this", "that", "these", "those", "one", "ones", "a",
          "an", "the", "some", "any", "each", "every", "no", "not", "and", "or", "but", "so", "if",
          "then", "than", "of", "in", "on", "at", "to", "for", "from", "by", "with", "without",
          "about", "into", "onto", "over", "under", "after", "before", "during", "until", "while",
          "between", "there", "here", "also", "too", "very", "just", "only", "again", "ok", "okay",
          "please", "tell", "know", "get", "much", "many", "more", "most", "long", "often", "else",
          "other", "another", "same", "all", "both", "i'm", "don't", "doesn't", "isn't", "aren't");

  private TermCarryingRewrite() {}

  /** {@code question} made standalone against the asker's earlier questions. */
  static String rewrite(History history, String question) {
    String previous = null;
    for (String asked : history.questions()) {
      previous = previous == null ? asked.strip() : standalone(previous, asked);
    }
    return previous == null ? question.strip() : standalone(previous, question);
  }

  /** {@code question} resolved against the standalone question before it. */
  static String standalone(String previous, String question) {
    List<Word> earlier = words(previous);
    int[] topic = topic(earlier);
    if (topic == null) {
      return question.strip();
    }
    String topicText = previous.substring(earlier.get(topic[0]).start, earlier.get(topic[1]).end);
    String head = earlier.get(topic[1]).text;
    Matcher opener = OPENER.matcher(question);
    boolean elliptical = opener.find();
    String rest = elliptical ? question.substring(opener.end()) : question.strip();
    Resolved resolved = resolve(rest, topicText, head);
    if (elliptical) {
      String focus = END_PUNCTUATION.matcher(resolved.text).replaceAll("").strip();
      // The topic's own article stays in the earlier question: "a gas leak" takes "main break"'s
      // place in "report a main break".
      String noun = DETERMINER.matcher(focus).replaceFirst("");
      List<Word> nounWords = words(noun);
      if (!nounWords.isEmpty() && !nounWords.getFirst().function()) {
        return previous.substring(0, earlier.get(topic[0]).start)
            + noun
            + previous.substring(earlier.get(topic[1]).end);
      }
      return carry(focus, previous);
    }
    if (resolved.replaced) {
      return resolved.text;
    }
    long content = words(question).stream().filter(w -> !w.function()).count();
    return content <= 1 ? carry(END_PUNCTUATION.matcher(rest).replaceAll(""), previous) : rest;
  }

  /** The follow-up, then the question it follows, whose key terms retrieval then sees. */
  private static String carry(String followUp, String previous) {
    return followUp.isBlank() ? previous : followUp + " — " + previous;
  }

  /** {@code [first, last]} word index of the last run of content words; null when there is none. */
  private static int[] topic(List<Word> words) {
    int last = words.size() - 1;
    while (last >= 0 && words.get(last).function()) {
      last--;
    }
    if (last < 0) {
      return null;
    }
    int first = last;
    while (first > 0 && !words.get(first - 1).function()) {
      first--;
    }
    // "When is the advisory lifted?": a trailing participle is what happens to the topic.
    while (last > first && words.get(last).lower.endsWith("ed")) {
      last--;
    }
    return new int[] {first, last};
  }

  /** {@code text} with its pronouns replaced by the topic (or its head). */
  private static Resolved resolve(String text, String topic, String head) {
    List<Word> words = words(text);
    StringBuilder out = new StringBuilder();
    int copied = 0;
    boolean replaced = false;
    for (int i = 0; i < words.size(); i++) {
      Word word = words.get(i);
      Word next = i + 1 < words.size() ? words.get(i + 1) : null;
      Word before = i > 0 ? words.get(i - 1) : null;
      String replacement = null;
      if (FOR_TOPIC.contains(word.lower)) {
        replacement = topic;
      } else if (word.lower.equals("it's")) {
        replacement = topic + " is";
      } else if (DEMONSTRATIVE.contains(word.lower) && (next == null || next.function())) {
        replacement = topic;
      } else if (FOR_HEAD.contains(word.lower)
          && before != null
          && !before.function()
          && (next == null || next.function())) {
        replacement = head;
      }
      if (replacement != null) {
        out.append(text, copied, word.start).append(replacement);
        copied = word.end;
        replaced = true;
      }
    }
    out.append(text.substring(copied));
    return new Resolved(out.toString(), replaced);
  }

  private static List<Word> words(String text) {
    List<Word> words = new ArrayList<>();
    Matcher m = WORD.matcher(text);
    while (m.find()) {
      words.add(new Word(m.group(), m.start(), m.end()));
    }
    return words;
  }

  private record Resolved(String text, boolean replaced) {}

  /** A word of a question and where it stands in it. */
  private record Word(String text, int start, int end, String lower) {
    Word(String text, int start, int end) {
      this(text, start, end, text.toLowerCase(Locale.ROOT).replace('’', '\''));
    }

    boolean function() {
      return FUNCTION_WORDS.contains(lower);
    }
  }
}
