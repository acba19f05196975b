package dev.rag.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentReaderTest {

  @Test
  void readsFlagsAndTheirValuesInOrder() {
    ArgumentReader args =
        new ArgumentReader(new String[] {"--name", "x", "--on", "--n", "7", "--t", "0.5"});
    List<String> seen = new ArrayList<>();
    while (args.hasNext()) {
      String flag = args.next();
      switch (flag) {
        case "--name" -> seen.add(flag + "=" + args.value());
        case "--on" -> seen.add(flag);
        case "--n" -> seen.add(flag + "=" + args.intValue(1, 10));
        case "--t" -> seen.add(flag + "=" + args.floatValue());
        default -> throw args.unknown();
      }
    }
    assertThat(seen).containsExactly("--name=x", "--on", "--n=7", "--t=0.5");
  }

  @Test
  void namesTheFlagInEveryMistake() {
    assertThatThrownBy(() -> first("--depth").value()).hasMessage("--depth needs a value");
    assertThatThrownBy(() -> first("--depth", "ten").intValue(1, 1000))
        .hasMessage("--depth needs an integer, got 'ten'");
    assertThatThrownBy(() -> first("--depth", "1001").intValue(1, 1000))
        .hasMessage("--depth 1001 outside [1, 1000]");
    assertThatThrownBy(() -> first("--depth", "99999999999").intValue(1, 1000))
        .hasMessage("--depth 99999999999 outside [1, 1000]");
    assertThatThrownBy(() -> first("--seed", "1.5").longValue())
        .hasMessage("--seed needs an integer, got '1.5'");
    assertThatThrownBy(() -> first("--temp", "warm").floatValue())
        .hasMessage("--temp needs a number, got 'warm'");
    assertThatThrownBy(() -> first("--temp", "NaN").floatValue())
        .hasMessage("--temp needs a finite number, got 'NaN'");
    assertThat(first("--verbose").unknown()).hasMessage("unknown argument '--verbose'");
  }

  @Test
  void helpIsOnlyAHelpFlagAlone() {
    assertThat(ArgumentReader.asksForHelp(new String[] {"--help"})).isTrue();
    assertThat(ArgumentReader.asksForHelp(new String[] {"-h"})).isTrue();
    assertThat(ArgumentReader.asksForHelp(new String[] {})).isFalse();
    assertThat(ArgumentReader.asksForHelp(new String[] {"--model", "--help"})).isFalse();
  }

  @Test
  void aCallerChangingItsArrayDoesNotChangeWhatIsRead() {
    String[] argv = {"--name", "x"};
    ArgumentReader args = new ArgumentReader(argv);
    argv[1] = "changed";
    args.next();
    assertThat(args.value()).isEqualTo("x");
  }

  private static ArgumentReader first(String... argv) {
    ArgumentReader args = new ArgumentReader(argv);
    args.next();
    return args;
  }
}
