package dev.rag.contracts.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rag.contracts.json.EventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetadataConditionTest {

  private static RetrieveRequest read(String filters) {
    String json = "{\"query\":\"q\",\"collection\":\"kb\",\"filters\":" + filters + "}";
    return EventJson.mapper()
        .readValue(json.getBytes(StandardCharsets.UTF_8), RetrieveRequest.class);
  }

  @Test
  void readsTheShorthandAsAnExactMatch() {
    Map<String, MetadataCondition> filters = read("{\"lang\":\"en\",\"year\":2024}").filters();
    assertThat(filters.get("lang")).isEqualTo(MetadataCondition.equalTo("en"));
    assertThat(filters.get("year")).isEqualTo(MetadataCondition.equalTo("2024"));
  }

  @Test
  void readsEveryOperatorOfTheObjectForm() {
    Map<String, MetadataCondition> filters =
        read("""
                {"lang":{"in":["en","de"]},"year":{"gte":2020,"lt":2024.5},
                 "published":{"gt":"2024-01-01"},"reviewed":{"exists":false}}""")
            .filters();
    assertThat(filters.get("lang").anyOf()).containsExactly("en", "de");
    assertThat(filters.get("year").gte()).isEqualTo(2020);
    assertThat(((Number) filters.get("year").lt()).doubleValue()).isEqualTo(2024.5);
    assertThat(filters.get("published").gt()).isEqualTo("2024-01-01");
    assertThat(filters.get("reviewed").exists()).isFalse();
  }

  @Test
  void writesOnlyTheOperatorsGivenAndReadsThemBack() {
    var request =
        new RetrieveRequest(
            "q",
            null,
            "kb",
            Map.of(
                "year", MetadataCondition.range(null, 2020, 2024, null),
                "lang", MetadataCondition.oneOf(List.of("en"))),
            null,
            null,
            null,
            null);
    String json = new String(EventJson.write(request), StandardCharsets.UTF_8);
    assertThat(json).contains("\"in\":[\"en\"]").doesNotContain("\"eq\"").doesNotContain("anyOf");
    RetrieveRequest back =
        EventJson.mapper().readValue(json.getBytes(StandardCharsets.UTF_8), RetrieveRequest.class);
    assertThat(back.filters()).isEqualTo(request.filters());
  }

  @Test
  void rejectsWrongShapesNamingTheKey() {
    assertThatThrownBy(() -> read("{\"year\":{\"between\":[1,2]}}"))
        .hasStackTraceContaining("filters.year: unknown operator 'between'");
    assertThatThrownBy(() -> read("{\"lang\":{\"in\":\"en\"}}"))
        .hasStackTraceContaining("filters.lang.in: expected an array");
    assertThatThrownBy(() -> read("{\"year\":{\"gt\":true}}"))
        .hasStackTraceContaining("filters.year.gt: expected a number or an ISO-8601 date");
    assertThatThrownBy(() -> read("{\"x\":{\"exists\":\"yes\"}}"))
        .hasStackTraceContaining("filters.x.exists: expected true or false");
    assertThatThrownBy(() -> read("{\"x\":[1]}"))
        .hasStackTraceContaining("filters.x: expected a value or an object");
    assertThatThrownBy(() -> read("{\"x\":{}}")).hasStackTraceContaining("filters.x: names no");
  }
}
