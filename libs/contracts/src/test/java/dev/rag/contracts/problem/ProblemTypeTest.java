package dev.rag.contracts.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

  @Test
  void typeUrisAreStableAndUnique() {
    assertThat(ProblemType.NOT_FOUND.uri().toString()).isEqualTo("urn:rag:problem:not-found");
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri)).doesNotHaveDuplicates();
  }

  @Test
  void frameworkStatusesMapToTheirType() {
    assertThat(ProblemType.forStatus(404)).isEqualTo(ProblemType.NOT_FOUND);
    assertThat(ProblemType.forStatus(400)).isEqualTo(ProblemType.VALIDATION);
    assertThat(ProblemType.forStatus(413)).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE);
    assertThat(ProblemType.forStatus(502)).isEqualTo(ProblemType.INTERNAL);
  }
}
