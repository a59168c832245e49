package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void writesPlainShortNumbers() {
    assertThat(Json.round(0.125f, 3).toString()).isEqualTo("0.125");
    assertThat(Json.round(0.0001f, 4).toString()).isEqualTo("0.0001");
    assertThat(Json.round(0.00004f, 4).toString()).isEqualTo("0");
    assertThat(Json.round(-3f, 2).toString()).isEqualTo("-3");
    assertThat(Json.round(10f, 4).toString()).isEqualTo("10");
    assertThat(Json.round(-0.05f, 3).toString()).isEqualTo("-0.05");
    assertThat(Json.round(Float.NaN, 3).toString()).isEqualTo("0");
  }

  @Property(tries = 2000)
  void agreesWithDecimalRounding(
      @ForAll @FloatRange(min = -1000, max = 1000) float v, @ForAll @IntRange(max = 6) int d) {
    BigDecimal exact = new BigDecimal(v).setScale(d, RoundingMode.HALF_UP);
    BigDecimal ours = new BigDecimal(Json.round(v, d).toString());
    // within one unit of the last place (the float → double product may round either way)
    assertThat(ours.subtract(exact).abs()).isLessThanOrEqualTo(BigDecimal.ONE.movePointLeft(d));
  }
}
