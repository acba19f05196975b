package dev.rag.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CanonicalPathTest {

  @Test
  void plainPathsSplitIntoSegments() throws Exception {
    assertThat(CanonicalPath.parse("/v1/answers").segments()).containsExactly("v1", "answers");
    assertThat(CanonicalPath.parse("/").segments()).isEmpty();
  }

  @Test
  void encodedBytesOtherThanUnreservedOnesDecode() throws Exception {
    assertThat(CanonicalPath.parse("/v1/collections/water/documents/water:a%20b.md").segments())
        .containsExactly("v1", "collections", "water", "documents", "water:a b.md");
    assertThat(CanonicalPath.parse("/v1/collections/c/documents/%C3%A9t%C3%A9").segments().get(4))
        .isEqualTo("été");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/%76%31/answers",
        "/v1/%72etrieve",
        "/v1/%61dmin/keys",
        "/v1/answers%2e", // encoded unreserved
        "/v1;x/admin/keys",
        "/v1/retrieve;x=1",
        "/v1/answers;", // path parameters
        "/v1//answers",
        "/v1/answers/",
        "//v1/answers", // empty segments
        "/v1/./answers",
        "/v1/x/../answers",
        "/v1/..",
        "/v1/%2e%2e/answers", // dot segments
        "/v1%2fanswers",
        "/v1%2Fanswers",
        "/v1%5canswers",
        "/v1/%25",
        "/v1/%3b",
        "/v1/%00",
        "/v1/%0a", // encoded specials
        "/v1\\answers",
        "/v1/an swers",
        "/v1/ánswers",
        "/v1/<script>",
        "/v1/a\"b", // raw characters
        "/v1/%",
        "/v1/%4",
        "/v1/%zz",
        "/v1/%C3",
        "/v1/%ff", // broken encodings
        "v1/answers",
        ""
      })
  void everyOtherSpellingIsRefused(String raw) {
    assertThatThrownBy(() -> CanonicalPath.parse(raw))
        .isInstanceOf(CanonicalPath.RejectedPathException.class);
  }

  @Test
  void segmentsAreImmutable() throws Exception {
    List<String> segments = CanonicalPath.parse("/v1/answers").segments();
    assertThatThrownBy(() -> segments.add("x")).isInstanceOf(UnsupportedOperationException.class);
  }
}
