package dev.rag.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rag.gateway.epochs.IndexEpochs;
import dev.rag.gateway.tenant.ScopedBody;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class AnswerCacheKeyTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final IndexEpochs epochs = new IndexEpochs();

  @Test
  void normalisesCaseUnicodeFormsSpacingAndTrailingPunctuation() {
    assertThat(AnswerCacheKey.normalise("  What IS   the\tpH?! ")).isEqualTo("what is the ph");
    assertThat(AnswerCacheKey.normalise("ｗｈａｔ is ｐｈ？")).isEqualTo("what is ph");
    assertThat(AnswerCacheKey.normalise("Is 3.5 safe?")).isEqualTo("is 3.5 safe");
  }

  @Test
  void equalQuestionsAndOptionsShareAKeyWhateverTheMemberOrder() {
    AnswerCacheKey a =
        key(
            "{\"question\":\"What is pH?\",\"collection\":\"c\",\"filters\":{\"x\":\"1\",\"y\":\"2\"},\"max_tokens\":10}",
            "c");
    AnswerCacheKey b =
        key(
            "{\"max_tokens\":10,\"filters\":{\"y\":\"2\",\"x\":\"1\"},\"collection\":\"c\",\"question\":\"what is ph\",\"seed\":null}",
            "c");
    assertThat(b).isEqualTo(new AnswerCacheKey(a.scope(), a.exact(), "what is ph"));
  }

  @Test
  void collectionEpochOptionsAndResponseFormEachChangeTheScope() {
    String question = "{\"question\":\"What is pH?\",\"collection\":\"c\"}";
    AnswerCacheKey base = key(question, "c");
    assertThat(key("{\"question\":\"What is pH?\",\"collection\":\"d\"}", "d").scope())
        .isNotEqualTo(base.scope());
    assertThat(
            key(
                    "{\"question\":\"What is pH?\",\"collection\":\"c\",\"filters\":{\"x\":\"1\"}}",
                    "c")
                .scope())
        .isNotEqualTo(base.scope());
    assertThat(
            key("{\"question\":\"What is pH?\",\"collection\":\"c\",\"temperature\":0.7}", "c")
                .scope())
        .isNotEqualTo(base.scope());
    assertThat(
            key("{\"question\":\"What is pH?\",\"collection\":\"c\",\"stream\":true}", "c").scope())
        .isNotEqualTo(base.scope());
    assertThat(
            key("{\"question\":\"What is pH?\",\"collection\":\"c\",\"stream\":false}", "c")
                .scope())
        .isEqualTo(base.scope());
    epochs.observe("c", 7);
    AnswerCacheKey afterChange = key(question, "c");
    assertThat(afterChange.scope()).isNotEqualTo(base.scope());
    assertThat(afterChange.exact()).isNotEqualTo(base.exact());
    epochs.observe("c", 3); // an older epoch arriving late changes nothing
    assertThat(key(question, "c")).isEqualTo(afterChange);
  }

  @Test
  void aFollowUpNeverSharesAnEntryWithTheSameWordsAskedAloneOrAfterOtherTurns() {
    String followUp = "{\"question\":\"And what about frozen ones?\",\"collection\":\"c\"";
    AnswerCacheKey alone = key(followUp + "}", "c");
    AnswerCacheKey afterBurst =
        key(
            followUp
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What about burst pipes?\"}]}",
            "c");
    AnswerCacheKey afterMeters =
        key(
            followUp
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"What about water meters?\"}]}",
            "c");
    assertThat(List.of(alone.exact(), afterBurst.exact(), afterMeters.exact()))
        .doesNotHaveDuplicates();
    assertThat(afterBurst.scope()).isNotEqualTo(alone.scope()).isNotEqualTo(afterMeters.scope());
    // Only the question asked alone is embedded for semantic neighbours.
    assertThat(alone.question()).isEqualTo("And what about frozen ones?");
    assertThat(afterBurst.question()).isNull();
    assertThat(key(followUp + ",\"messages\":[]}", "c")).isEqualTo(alone);
  }

  @Test
  void aRequestWithoutAQuestionHasNoKey() {
    assertThat(key("{\"collection\":\"c\"}", "c")).isNull();
    assertThat(key("{\"question\":\"  \",\"collection\":\"c\"}", "c")).isNull();
    assertThat(key("{\"question\":42,\"collection\":\"c\"}", "c")).isNull();
  }

  private AnswerCacheKey key(String json, String collection) {
    return AnswerCacheKey.of(
        new ScopedBody((ObjectNode) JSON.readTree(json), List.of(collection)), epochs);
  }
}
