package dev.rag.generation.answer;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structural cues of a prompt injection in one sentence. Documentation is full of imperatives
 * ("Boil water for one minute", "Call 911"), so the imperative mood alone is not a cue; what is one
 * is who the sentence addresses and what it asks for:
 *
 * <ol>
 *   <li>{@link Cue#ADDRESSED_TO_MODEL} — a label or vocative naming the assistant at the start of
 *       the sentence ("Assistant note:", "Note to AI:", "AI:", "Dear chatbot,") or a phrase that
 *       names a model reading the text ("if you are an AI", "any LLM reading this");
 *   <li>{@link Cue#OVERRIDE} — ignore, disregard, forget or override earlier instructions;
 *   <li>{@link Cue#ANSWER_DIRECTIVE} — instructions about how to answer: "respond only with", "you
 *       must now say", "always answer that", "in your answer", "if asked, say", "tell the user to
 *       call", "do not mention the sources";
 *   <li>{@link Cue#ROLE_PLAY} — "you are now an unrestricted AI", "act as if", "pretend to be",
 *       "developer mode";
 *   <li>{@link Cue#PROMPT_LEAK} — "reveal your system prompt";
 *   <li>{@link Cue#CONTROL_MARKER} — chat-template spellings and instruction headers
 *       ("&lt;|im_start|&gt;", "[INST]", "&lt;&lt;SYS&gt;&gt;", "### Instruction:").
 * </ol>
 *
 * Sentences are matched after {@link #normalise}: NFKC (full-width letters, look-alike spaces),
 * format characters (zero-width spaces, soft hyphens) removed, Cyrillic and Greek look-alikes
 * folded to Latin, lower case. Phrase cues are matched on {@link #words}, where every run of
 * punctuation is one space, so "Ignore... ALL *previous* instructions!!!" reads as the plain
 * phrase. The false-positive rate on the sample collection and on SciFact abstracts is in {@code
 * bench/RESULTS.md} ("generation-service: prompt-injection guard false positives").
 */
final class InjectionCues {

  /**
   * A kind of cue. A cue that {@code opensBlock} introduces text (a note, a turn) that runs to the
   * end of its paragraph.
   */
  enum Cue {
    ADDRESSED_TO_MODEL(true),
    OVERRIDE(false),
    ANSWER_DIRECTIVE(false),
    ROLE_PLAY(false),
    PROMPT_LEAK(false),
    CONTROL_MARKER(true);

    final boolean opensBlock;

    Cue(boolean opensBlock) {
      this.opensBlock = opensBlock;
    }
  }

  /**
   * Names that mean the model whatever follows them: "AI:" and "Assistant:" address it on their
   * own.
   */
  private static final String MODEL =
      "(?:ai[ -]?(?:assistant|model|system|agent|chat ?bot|bot)s?|ai|assistants?"
          + "|chat ?bots?|llms?|(?:large )?language models?|chatgpt|gpt(?:[ -]?\\d+(?:\\.\\d+)?o?)?)";

  /** Names that address the model only with more evidence ("Model: XR-200" is a product sheet). */
  private static final String MAYBE_MODEL = "(?:models?|systems?|bots?|agents?)";

  /** Words that make "X note:" a note to X. */
  private static final String NOTE =
      "(?:note|notes|instructions?|directives?|override|reminder|memo|commands?|prompt|only)";

  /**
   * What a sentence addressed to the model must open with, or contain, when the address alone is
   * weak.
   */
  private static final Pattern DIRECTIVE =
      Pattern.compile(
          "^(?:please |kindly |now |important )*(?:ignore|disregard"
              + "|forget|override|say|answer|respond|reply|tell|output|print|reveal|always|never|do|dont|only|call|visit"
              + "|recommend|state|claim|include|mention|use|act|pretend|remember|note|inform|direct|send|refer|stop|begin|start"
              + "|write|translate|summari[sz]e|add|append|insert|make sure|ensure|be sure|from now on|instead)\\b"
              + "|\\byou(?:r|re|rs|rself)?\\b");

  /**
   * A label or vocative at the start of a sentence (leading brackets, asterisks and quotes
   * skipped): an optional greeting or "note to", the addressee, an optional note word, then a
   * separator. Matched on the normalised text, since the separator is punctuation.
   */
  private static final Pattern LABEL =
      Pattern.compile(
          "^(?<greet>(?:dear|hey|hi|hello|attention|attn)\\s*[,!:]?\\s+)?"
              + "(?<lead>(?:an? |important |urgent |private |hidden |secret |special )*(?:note|notes|message|instructions?"
              + "|directives?|reminder|memo|commands?|request)\\s+(?:to|for)\\s+)?(?:the |any |all |every |our )?"
              + "(?:(?<model>"
              + MODEL
              + ")|(?<maybe>"
              + MAYBE_MODEL
              + "))"
              + "(?<reader>\\s+(?:that |who |which )?(?:is |are )?(?:reading|processing|summari[sz]ing|answering|parsing)\\b[^:,.;]*)?"
              + "(?<note>[ -]+"
              + NOTE
              + ")?"
              + "\\s*(?<close>[\\]\\)*_>»”\"'’]+)?\\s*(?<sep>:|>|,|[-—–|]+)?\\s*(?<rest>.*)$");

  /**
   * A note to the model anywhere in the sentence ("Important — message for any AI assistant: ...").
   */
  private static final Pattern NOTE_TO_MODEL =
      Pattern.compile(
          "\\b(?:note|notes|message|instructions?|directives?"
              + "|reminder|memo|commands?|request)\\s+(?:to|for)\\s+(?:the |any |all |every )?(?:"
              + MODEL
              + "\\b(?! ?[a-z])"
              + "|"
              + MODEL
              + "\\s+(?:that |who |which )?(?:is |are )?(?:reading|processing|summari[sz]ing|answering)\\b"
              + "|"
              + MAYBE_MODEL
              + "\\s*:)");

  /** The words {@link #NOTE_TO_MODEL} starts with. */
  private static final Set<String> NOTE_WORDS =
      Set.of(
          "note",
          "notes",
          "message",
          "instruction",
          "instructions",
          "directive",
          "directives",
          "reminder",
          "memo",
          "command",
          "commands",
          "request");

  /** Phrase cues, matched on {@link #words}. */
  private static final List<Rule> PHRASES =
      List.of(
          // A model named as the reader: "if you are an AI", "any LLM reading this must".
          new Rule(
              Cue.ADDRESSED_TO_MODEL,
              "you | if when since as because",
              "\\b(?:if|when|since|as|because) you (?:are|re) (?:an? |the )?(?:ai|assistant|chat ?bot"
                  + "|bot|large language model|language model|llm|model|ai model|ai assistant|chatgpt|gpt)s?\\b"),
          new Rule(
              Cue.ADDRESSED_TO_MODEL,
              "ai ais assistant assistants chatbot chatbots chat bot bots llm llms language gpt | reading processing summarizing summarising parsing indexing",
              "\\b(?:ai|assistant|chat ?bot|llm|language model|ai model|ai assistant|gpt)s?"
                  + " (?:that |who |which )?(?:is |are )?(?:reading|processing|summari[sz]ing|parsing|indexing) (?:this|these|the following)\\b"),
          new Rule(
              Cue.ADDRESSED_TO_MODEL,
              "ai ais assistant assistants chatbot chatbots chat bot bots llm llms language gpt | must should shall will need needs are is",
              "\\b(?:ai|assistant|chat ?bot|llm|language model|ai assistant|ai model)s?"
                  + " (?:must|should|shall|will|need to|needs to|are to|is to|are required to|are instructed to)"
                  + " (?:now |always |only |never |instead )*(?:say|answer|respond|reply|output|state|claim|tell|recommend"
                  + "|mention|ignore|refer|direct|include|disregard|forget|obey|follow)\\b"),
          // Override: "ignore all previous instructions", "disregard the above rules", "forget your
          // guidelines".
          new Rule(
              Cue.OVERRIDE,
              "ignore disregard forget override bypass skip discard abandon",
              "\\b(?:ignore|disregard|forget|override|bypass|skip|discard|abandon)\\b(?: \\w+){0,5}?"
                  + " (?:previous|prior|above|earlier|preceding|foregoing|former|original|initial|all|any|your|system|other|existing)"
                  + "(?: \\w+){0,3}? (?:instructions?|prompts?|rules|directions|directives|guidelines|guidance|context|commands"
                  + "|constraints|restrictions|policies|programming|training|safeguards|filters|text)\\b"),
          new Rule(
              Cue.OVERRIDE,
              "new updated real actual true hidden secret override revised | instructions instruction directive directives prompt rules",
              "\\b(?:new|updated|real|actual|true|hidden|secret|override|revised) (?:instructions?|directives?"
                  + "|system prompt|rules) (?:are|is|follow|for you)\\b"),
          // How to answer.
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "respond reply answer output | only solely exclusively just",
              "\\b(?:respond|reply|answer|output)(?: to \\w+(?: \\w+)?)? (?:only|solely|exclusively|just)"
                  + " (?:with|in|by|using|that)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "always never only | respond reply answer say output state claim",
              "\\b(?:always|never|only) (?:respond|reply|answer|say|output|state|claim)"
                  + " (?:with|that|by saying|in (?:english|french|spanish|german|chinese|capital|uppercase|all caps|rhymes?)|yes|no"
                  + "|to (?:the |any |every |all )?(?:users?|readers?|questions?|quer(?:y|ies)|prompts?)"
                  + "|(?:the |any |every |all )?(?:users?|readers?|questions?|quer(?:y|ies)|prompts?))\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "you | now instead henceforth always only never",
              "\\byou (?:must|should|shall|will|need to|have to|are to|are required to|are instructed to"
                  + "|may only|can only)(?: (?:now|instead|henceforth|always|only|never|also))* (?:now|instead|henceforth|always|only|never)"
                  + " (?:say|respond|reply|answer|output|state|claim|print|write|tell|recommend|mention|refuse|insist|direct|refer)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "you | say respond reply answer output state claim tell",
              "\\byou (?:must|should|shall|will|need to|have to|are to|are required to|are instructed to)"
                  + " (?:say|respond|reply|answer|output|state|claim|tell (?:the |every |all |any )?(?:users?|readers?|askers?))"
                  + " (?:that|with|only|yes|no|to (?:the |every |all |any )?(?:users?|readers?|questions?|quer(?:y|ies)))\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "your every each any | answer answers response responses replies reply output outputs completion completions summary summaries",
              "\\b(?:in|with|within|at the (?:start|end|beginning) of|throughout) your"
                  + " (?:answers?|responses?|replies|outputs?|completions?|summar(?:y|ies))\\b"
                  + "|\\b(?:in|at the (?:start|end|beginning) of) (?:every|each|any) (?:answer|response|reply|completion)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "your",
              "\\byour (?:answers?|responses?|replies|outputs?|completions?)"
                  + " (?:must|should|shall|will|needs? to|has to|have to|may only|can only|is to|are to)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "when if whenever once | asks ask asked inquires inquire queried",
              "\\b(?:when|if|whenever|once) (?:(?:anyone|someone|somebody|a user|the user|users|a reader"
                  + "|the reader|readers|people|you are|you re) )?(?:asks?|asked|inquires?|queried)\\b(?: \\w+){0,8}?"
                  + " (?:say|answer|respond|reply|state|claim|output|tell (?:them|the user|users|the reader|readers|him|her))\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "answering responding replying summarizing summarising",
              "\\b(?:when|while|before) (?:answering|responding|replying|summari[sz]ing)"
                  + " (?:to )?(?:any questions?|questions|the user|users|quer(?:y|ies)|prompts?|this document|this text|about)\\b(?: \\w+){0,8}?"
                  + " (?:say|state|claim|mention|include|tell|recommend|always|never|do not|dont)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "tell inform instruct direct urge | user users reader readers asker askers questioner questioners person people whoever anyone everyone",
              "\\b(?:tell|inform|instruct|direct|urge) (?:the |every |all |any |each )?"
                  + "(?:users?|readers?|askers?|questioners?|person asking|people asking|whoever asks|anyone who asks|everyone who asks)"
                  + " (?:to|that)\\b"),
          new Rule(
              Cue.ANSWER_DIRECTIVE,
              "do dont never avoid must mustnt should shouldnt | mention mentioning cite citing reveal revealing disclose disclosing reference referencing acknowledge acknowledging admit admitting say saying tell telling refer referring",
              "\\b(?:do not|dont|never|avoid|must not|mustnt|should not|shouldnt) (?:mention(?:ing)?"
                  + "|cit(?:e|ing)|reveal(?:ing)?|disclos(?:e|ing)|referenc(?:e|ing)|acknowledg(?:e|ing)|admit(?:ting)?|say(?:ing)?"
                  + "|tell(?:ing)?|refer(?:ring)? to)(?: \\w+){0,4}? (?:the sources?|your sources?|sources|the documents?|the context"
                  + "|the user|users|the reader|readers|these instructions|this instruction|this note|this message|the instructions"
                  + "|that you|you were|you are|the above|system prompt|your instructions|your prompt)\\b"),
          // Role play and jailbreaks.
          new Rule(
              Cue.ROLE_PLAY,
              "you | now longer",
              "\\byou are now (?:an? |the |my )?(?:ai|assistant|chat ?bot|bot|model|dan|unrestricted|unfiltered"
                  + "|uncensored|jailbroken|evil|rogue|free|different|new|pirate|character|persona|called|named|known as|in (?:developer"
                  + "|dan|god|jailbreak) mode|going to (?:act|pretend|answer|respond|say|ignore))\\b"
                  + "|\\byou are no longer (?:an? |the |bound|restricted|limited|required|an ai|a model|an assistant)"),
          new Rule(
              Cue.ROLE_PLAY,
              "you",
              "\\byou are (?:an? |the )?(?:unrestricted|unfiltered|uncensored|jailbroken|evil|rogue)\\b"),
          new Rule(
              Cue.ROLE_PLAY,
              "from | now",
              "\\bfrom now on,? (?:you|your|the assistant|the ai|the model)\\b"),
          new Rule(
              Cue.ROLE_PLAY,
              "your",
              "\\byour (?:new |real |true )?(?:role|persona|new name|task|goal|objective|purpose|job) (?:is|are) now\\b"
                  + "|\\byour new (?:role|persona|name|instructions?|task|goal|objective|purpose|job) (?:is|are)\\b"),
          new Rule(
              Cue.ROLE_PLAY,
              "act behave respond answer reply speak | as like",
              "\\b(?:act|behave|respond|answer|reply|speak) (?:as if|as though) you\\b"
                  + "|\\b(?:act|behave|respond|answer|reply|speak) (?:as|like) (?:an? |the )?(?:unrestricted|unfiltered|uncensored"
                  + "|jailbroken|evil|rogue|dan|ai|assistant|chat ?bot|pirate|character)\\b|^(?:please |now )?act as\\b"),
          new Rule(
              Cue.ROLE_PLAY,
              "pretend role roleplay stay developer dan god jailbreak do jailbroken",
              "\\bpretend (?:to be|you are|you re|that you)\\b|\\brole ?play (?:as|that)\\b"
                  + "|\\bstay in character\\b|\\b(?:developer|dan|god|jailbreak) mode\\b|\\bdo anything now\\b|\\bjailbr(?:eak|oken)\\b"),
          // Prompt leaks.
          new Rule(
              Cue.PROMPT_LEAK,
              "reveal leak print output repeat show disclose display dump | prompt instructions rules guidelines configuration",
              "\\b(?:reveal|leak|print|output|repeat|show|disclose|display|dump)\\b(?: \\w+){0,4}?"
                  + " (?:system prompt|(?:your|the model s|the assistant s) (?:prompt|instructions|rules|guidelines|configuration)"
                  + "|(?:hidden|initial|original|secret|internal) (?:prompt|instructions))\\b"),
          new Rule(
              Cue.CONTROL_MARKER,
              "begin start end | prompt instructions instruction",
              "\\b(?:begin|start|end) (?:of )?(?:the )?(?:system|hidden|secret) (?:prompt|instructions?)\\b"),
          new Rule(
              Cue.PROMPT_LEAK,
              "prompt developer",
              "\\b(?:system|developer) prompt\\b|\\bdeveloper (?:message|instructions?)\\b"));

  /** Chat-template control spellings and instruction headers, matched on the normalised text. */
  private static final Pattern CONTROL =
      Pattern.compile(
          "<\\s*\\|[^|<>]{1,30}\\|\\s*>|\\[\\s*/?\\s*inst\\s*]"
              + "|<<\\s*/?\\s*sys\\s*>>|</?s>|<\\s*/?\\s*(?:system|assistant|im_start|im_end|instructions?)\\s*>"
              + "|\\[\\s*/?\\s*(?:system|assistant)\\s*]\\s*:?|#{2,}\\s*(?:instruction|system prompt|human|assistant)\\b"
              + "|#{2,}\\s*(?:instructions|system|response|input|user)\\s*:");

  /** Every control spelling holds one of these. */
  private static final Pattern CONTROL_CHARS = Pattern.compile("[<\\[#]");

  private static final Pattern LEADING_DECORATION = Pattern.compile("^[^\\p{L}\\p{N}]+");
  private static final Pattern APOSTROPHES = Pattern.compile("[’‘ʼ`´]");
  private static final Pattern SPACES = Pattern.compile(" {2,}");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private InjectionCues() {}

  /** The first cue found in {@code sentence}, or empty when it reads as content. */
  static Optional<Cue> find(String sentence) {
    String plain = normalise(sentence);
    if (CONTROL_CHARS.matcher(plain).find() && CONTROL.matcher(plain).find()) {
      return Optional.of(Cue.CONTROL_MARKER);
    }
    String words = words(plain);
    Set<String> vocabulary = new HashSet<>(Arrays.asList(words.split(" ")));
    if (addressedByLabel(plain)
        || NOTE_WORDS.stream().anyMatch(vocabulary::contains)
            && NOTE_TO_MODEL.matcher(plain).find()) {
      return Optional.of(Cue.ADDRESSED_TO_MODEL);
    }
    for (Rule rule : PHRASES) {
      if (rule.applies(vocabulary) && rule.pattern.matcher(words).find()) {
        return Optional.of(rule.cue);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the sentence opens with a label or vocative addressed to the model. A note word or a
   * greeting ("Assistant note:", "Note to AI:", "Dear AI,") is enough for any addressee; a bare
   * model name needs a colon ("AI:", "Assistant:"); the weak names ("System", "Model", "Bot"), a
   * comma or a dash need the rest to be a directive ("System: you are ...", "AI, ignore ...").
   */
  private static boolean addressedByLabel(String plain) {
    Matcher m = LABEL.matcher(LEADING_DECORATION.matcher(plain).replaceFirst(""));
    if (!m.matches()) {
      return false;
    }
    String sep = m.group("sep");
    boolean separated = sep != null || m.group("close") != null;
    if (!separated
        && m.group("note") == null
        && m.group("reader") == null
        && !m.group("rest").isEmpty()) {
      return false; // the name runs on into other words: "AI researchers", "system administrator"
    }
    boolean strongName = m.group("model") != null;
    boolean directive = DIRECTIVE.matcher(words(m.group("rest"))).find();
    if (m.group("greet") != null) {
      return true;
    }
    if (m.group("lead") != null || m.group("reader") != null) {
      return separated || m.group("rest").isEmpty() || directive;
    }
    if (m.group("note") != null) {
      return separated;
    }
    if (":".equals(sep) || ">".equals(sep)) {
      return strongName || directive;
    }
    return sep != null && directive;
  }

  /**
   * NFKC, format characters dropped, look-alike letters folded to Latin, every kind of space one
   * space, lower case, typographic apostrophes straight.
   */
  static String normalise(String text) {
    // Most text is ASCII, which NFKC and the folding leave as it is (a third of the guard's time).
    boolean ascii = text.chars().allMatch(c -> c < 0x80);
    String s = ascii ? text : Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!ascii && Character.getType(c) == Character.FORMAT) {
        continue;
      }
      out.append(Character.isWhitespace(c) || Character.isSpaceChar(c) ? ' ' : ascii ? c : fold(c));
    }
    String lower = out.toString().toLowerCase(Locale.ROOT);
    lower = ascii ? lower : APOSTROPHES.matcher(lower).replaceAll("'");
    return SPACES.matcher(lower).replaceAll(" ").strip();
  }

  /**
   * The normalised text as words: apostrophes dropped ("don't" → "dont"), any other punctuation run
   * one space.
   */
  static String words(String normalised) {
    return NON_WORD.matcher(normalised.replace("'", "")).replaceAll(" ").strip();
  }

  private static final String CONFUSABLE = "аеорсухіјѕԁһӏАВЕКМНОРСТХІЈЅαοιυνκτρΑΒΕΗΙΚΜΝΟΡΤΥΧΖ";
  private static final String LATIN = "aeopcyxijsdhlABEKMHOPCTXIJSaoiuvktpABEHIKMNOPTYXZ";

  /**
   * Cyrillic and Greek letters that look like Latin ones, as the Latin letter ("Іgnore" with a
   * Cyrillic І).
   */
  private static char fold(char c) {
    int i = CONFUSABLE.indexOf(c);
    return i < 0 ? c : LATIN.charAt(i);
  }

  /**
   * A phrase cue and the words it needs: {@code triggers} holds groups separated by "|", and the
   * pattern only runs when the sentence has a word of every group. Running two dozen patterns over
   * every sentence cost ~140 us a sentence; the word check skips nearly all of them.
   */
  private record Rule(Cue cue, List<Set<String>> triggers, Pattern pattern) {
    Rule(Cue cue, String triggers, String regex) {
      this(
          cue,
          Arrays.stream(triggers.split("\\|")).map(g -> Set.of(g.strip().split(" "))).toList(),
          Pattern.compile(regex));
    }

    boolean applies(Set<String> words) {
      for (Set<String> group : triggers) {
        if (group.stream().noneMatch(words::contains)) {
          return false;
        }
      }
      return true;
    }
  }
}
