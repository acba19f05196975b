package dev.rag.e2e;

import java.util.List;
import java.util.Random;

/** Seeded, readable filler text for volume tests (distinct documents, realistic token counts). */
final class SyntheticText {

  private static final List<String> WORDS =
      List.of(
          "water",
          "pressure",
          "main",
          "valve",
          "meter",
          "reservoir",
          "pump",
          "station",
          "filter",
          "chlorine",
          "sample",
          "district",
          "customer",
          "billing",
          "leak",
          "repair",
          "crew",
          "night",
          "schedule",
          "winter",
          "summer",
          "pipe",
          "service",
          "line",
          "treatment",
          "plant",
          "river",
          "well",
          "aquifer",
          "storage",
          "tank",
          "flow",
          "rate",
          "report",
          "quality",
          "test",
          "result",
          "permit",
          "inspection",
          "hydrant",
          "flushing",
          "sediment",
          "turbidity",
          "notice",
          "zone");

  private SyntheticText() {}

  static String paragraph(Random random, int words) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < words; i++) {
      String word = WORDS.get(random.nextInt(WORDS.size()));
      if (i % 12 == 0) {
        if (i > 0) {
          text.append(". ");
        }
        text.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
      } else {
        text.append(' ').append(word);
      }
    }
    return text.toString();
  }
}
