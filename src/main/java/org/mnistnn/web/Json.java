package org.mnistnn.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** Small JSON helpers: numbers rounded so answers stay short. */
final class Json {
  private Json() {}

  /** {@code v} rounded to {@code digits} decimals, as a JSON number. */
  static Number round(float v, int digits) {
    if (!Float.isFinite(v)) {
      return 0;
    }
    BigDecimal d = new BigDecimal(v).setScale(digits, RoundingMode.HALF_EVEN).stripTrailingZeros();
    // stripTrailingZeros turns 10 into 1E+1: valid JSON, but keep it plain for people reading it
    return d.scale() < 0 ? d.setScale(0) : d;
  }

  static JsonArray array(float[] v, int digits) {
    JsonArray a = new JsonArray(v.length);
    for (float x : v) {
      a.add(round(x, digits));
    }
    return a;
  }

  static JsonObject error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    return o;
  }
}
