package org.mnistnn.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.internal.LazilyParsedNumber;

/** Small JSON helpers: numbers rounded to a few decimals so answers stay short. */
final class Json {
  private static final long[] POW10 = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

  private Json() {}

  /**
   * {@code v} rounded to {@code digits} (0–6) decimals, written plainly ({@code 0.125}, {@code -3},
   * never {@code 1.0E-4}); non-finite values become 0. Formatting by integer arithmetic keeps an
   * answer with thousands of numbers cheap.
   */
  static Number round(float v, int digits) {
    if (!Float.isFinite(v)) {
      return 0;
    }
    long q = Math.round(v * (double) POW10[digits]);
    if (q == 0) {
      return 0;
    }
    StringBuilder s = new StringBuilder(12);
    if (q < 0) {
      s.append('-');
      q = -q;
    }
    long whole = q / POW10[digits];
    long frac = q % POW10[digits];
    s.append(whole);
    if (frac != 0) {
      String f = Long.toString(frac + POW10[digits]).substring(1); // keeps leading zeros
      int end = f.length();
      while (f.charAt(end - 1) == '0') {
        end--;
      }
      s.append('.').append(f, 0, end);
    }
    return new LazilyParsedNumber(s.toString());
  }

  static JsonArray array(float[] v, int digits) {
    JsonArray a = new JsonArray(v.length);
    for (float x : v) {
      a.add(round(x, digits));
    }
    return a;
  }

  static JsonArray strings(java.util.List<String> v) {
    JsonArray a = new JsonArray(v.size());
    v.forEach(a::add);
    return a;
  }

  static JsonObject error(String message) {
    JsonObject o = new JsonObject();
    o.addProperty("error", message);
    return o;
  }
}
