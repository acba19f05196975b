package dev.rag.encoders.onnx;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small BERT-style WordPiece vocabulary and its HuggingFace {@code tokenizer.json}.
 *
 * <p>Every letter and digit exists as a word start and as a {@code ##} continuation, so any
 * lower-case English text tokenizes without {@code [UNK]}; common words are whole tokens so
 * sequences have realistic lengths.
 */
public final class WordPieceVocabulary {

  public static final List<String> SPECIAL_TOKENS =
      List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]");

  private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String WORDS =
      """
            the of and to in is was for on that with as by at from it an be this are or which his her
            their has have had not but were been they one all we can more other will there so if would
            about when who what how why where may also its into than only some these two new first time
            after most such used many then over any like them our between very through each both years
            same people while well being under during before against three because world part since
            cat cats dog dogs sits sitting sat mat rug lies sleeping house home garden tree water
            search query passage document documents answer question questions retrieval ranking rerank
            model models language text texts token tokens vector vectors embedding embeddings index
            market markets bank banks interest rate rates stock stocks bond bonds price prices profit
            quarterly earnings revenue finance financial investment investors growth inflation economy
            data system systems service services network computer software code program server cloud
            city country river mountain history science music art game team player school student
            water food health doctor patient disease medicine energy power light sun moon star
            """;
  private static final List<String> SUFFIXES =
      List.of(
          "s", "es", "ed", "ing", "ly", "er", "est", "tion", "ment", "ness", "al", "ic", "ous",
          "able", "ity", "ive", "ize", "ist");

  private final List<String> tokens;

  private WordPieceVocabulary(List<String> tokens) {
    this.tokens = List.copyOf(tokens);
  }

  /** The built-in vocabulary (a few hundred tokens). */
  public static WordPieceVocabulary standard() {
    Set<String> vocab = new LinkedHashSet<>(SPECIAL_TOKENS);
    for (char c : PUNCTUATION.toCharArray()) {
      vocab.add(String.valueOf(c));
    }
    for (char c = '0'; c <= '9'; c++) {
      vocab.add(String.valueOf(c));
    }
    for (char c = 'a'; c <= 'z'; c++) {
      vocab.add(String.valueOf(c));
    }
    for (char c = '0'; c <= '9'; c++) {
      vocab.add("##" + c);
    }
    for (char c = 'a'; c <= 'z'; c++) {
      vocab.add("##" + c);
    }
    SUFFIXES.forEach(s -> vocab.add("##" + s));
    for (String word : WORDS.trim().split("\\s+")) {
      vocab.add(word);
    }
    return new WordPieceVocabulary(new ArrayList<>(vocab));
  }

  public int size() {
    return tokens.size();
  }

  public List<String> tokens() {
    return tokens;
  }

  /**
   * A {@code tokenizer.json} with BERT normalisation (lower-casing), pre-tokenisation and template.
   */
  public String tokenizerJson() {
    StringBuilder vocab = new StringBuilder();
    for (int i = 0; i < tokens.size(); i++) {
      vocab.append(i == 0 ? "" : ",").append(quote(tokens.get(i))).append(':').append(i);
    }
    StringBuilder added = new StringBuilder();
    for (int i = 0; i < SPECIAL_TOKENS.size(); i++) {
      added
          .append(i == 0 ? "" : ",")
          .append("{\"id\":")
          .append(i)
          .append(",\"content\":")
          .append(quote(SPECIAL_TOKENS.get(i)))
          .append(
              ",\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true}");
    }
    return """
                {"version":"1.0","truncation":null,"padding":null,"added_tokens":[%s],
                "normalizer":{"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true},
                "pre_tokenizer":{"type":"BertPreTokenizer"},
                "post_processor":{"type":"TemplateProcessing",
                 "single":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}}],
                 "pair":[{"SpecialToken":{"id":"[CLS]","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"[SEP]","type_id":0}},{"Sequence":{"id":"B","type_id":1}},{"SpecialToken":{"id":"[SEP]","type_id":1}}],
                 "special_tokens":{"[CLS]":{"id":"[CLS]","ids":[2],"tokens":["[CLS]"]},"[SEP]":{"id":"[SEP]","ids":[3],"tokens":["[SEP]"]}}},
                "decoder":{"type":"WordPiece","prefix":"##","cleanup":true},
                "model":{"type":"WordPiece","unk_token":"[UNK]","continuing_subword_prefix":"##","max_input_chars_per_word":100,"vocab":{%s}}}
                """
        .formatted(added, vocab);
  }

  private static String quote(String token) {
    return "\"" + token.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
