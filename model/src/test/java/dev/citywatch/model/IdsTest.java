package dev.citywatch.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The hand-written id check says exactly what the documented pattern says. */
class IdsTest {
  private static final Pattern RULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  @Property(tries = 5_000)
  void agreesWithThePatternOnIdLikeStrings(@ForAll @StringLength(max = 70) @CharRange(from = 'a', to = 'z') @CharRange(from = '0', to = '9')
                                           @Chars({'-', 'A', '_', '/', ' ', 'é', '가'}) String id) {
    assertThat(Ids.isValid(id)).as("'%s'", id).isEqualTo(RULE.matcher(id).matches());
  }

  @Property(tries = 2_000)
  void agreesWithThePatternOnAnyString(@ForAll @StringLength(max = 70) String id) {
    assertThat(Ids.isValid(id)).isEqualTo(RULE.matcher(id).matches());
  }

  @Test
  void edges() {
    assertThat(Ids.isValid("wonju-rv-001")).isTrue();
    assertThat(Ids.isValid("a".repeat(64))).isTrue();
    assertThat(Ids.isValid("a".repeat(65))).isFalse();
    assertThat(Ids.isValid("-wonju")).isFalse();
    assertThat(Ids.isValid("")).isFalse();
    assertThat(Ids.isValid(null)).isFalse();
  }
}
