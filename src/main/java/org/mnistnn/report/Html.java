package org.mnistnn.report;

import java.util.Base64;
import java.util.Locale;

/** Small helpers for writing the report's HTML by hand: escaping, inline images, numbers. */
final class Html {
  private Html() {}

  /** Text safe inside elements and double-quoted attributes. */
  static String esc(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** An {@code <img>} whose PNG bytes are inlined as a data URI, so the page needs no files. */
  static String img(byte[] png, String alt, String cssClass) {
    return "<img class=\""
        + cssClass
        + "\" alt=\""
        + esc(alt)
        + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(png)
        + "\">";
  }

  /** {@code 0.9712} as {@code 97.12%}. */
  static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
  }

  /** A number with {@code digits} decimals. */
  static String fixed(double v, int digits) {
    return String.format(Locale.ROOT, "%." + digits + "f", v);
  }
}
