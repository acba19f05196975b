package dev.rag.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class NodeTest {

  @Test
  void contribNodeCarriesItsDomainAndKeepsOmittedSlotsInPlace() {
    byte[] encoded =
        new Node("n", Node.CONTRIB, "Op", List.of("a", "", "c"), List.of("", "y"), List.of())
            .encode()
            .toByteArray();
    // Field 7 (domain), length-delimited: tag 0x3a, length 13, "com.microsoft".
    byte[] domain = new ProtoWriter().string(7, "com.microsoft").toByteArray();
    assertThat(domain[0]).isEqualTo((byte) 0x3a);
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1))
        .contains(new String(domain, StandardCharsets.ISO_8859_1))
        // inputs a, "", c as three field-1 strings; the empty one is a zero-length field.
        .startsWith("\n\u0001a\n\u0000\n\u0001c\u0012\u0000\u0012\u0001y");
  }

  @Test
  void defaultDomainNodeWritesNoDomainField() {
    byte[] encoded =
        new Node("n", "", "Add", List.of("a", "b"), List.of("y"), List.of()).encode().toByteArray();
    assertThat(new String(encoded, StandardCharsets.ISO_8859_1)).doesNotContain("com.microsoft");
  }
}
