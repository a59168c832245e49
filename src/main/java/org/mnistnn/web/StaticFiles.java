package org.mnistnn.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The page's files, read from the class path under {@code /web/}. A request path is served only
 * when it is {@code /}, {@code /step} (the step page, step.html) or one plain file name ({@code
 * /app.js}): no folders, no dots other than the extension's, so no {@code ..}, encoded or not, can
 * reach outside the folder.
 */
final class StaticFiles {
  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9_-]{1,64}\\.(html|js|css|png|svg)");

  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "png", "image/png",
          "svg", "image/svg+xml");

  /** A file's bytes and content type. */
  record File(byte[] bytes, String contentType) {}

  private final String root;
  private final Map<String, File> cache = new ConcurrentHashMap<>();

  /** Files under class-path folder {@code root} (like {@code "/web/"}). */
  StaticFiles(String root) {
    this.root = root;
  }

  /**
   * The file for decoded request path {@code path}, or null when there is none or it is refused.
   */
  File find(String path) {
    String name =
        path.equals("/") ? "index.html" : path.equals("/step") ? "step.html" : path.substring(1);
    if (!path.startsWith("/") || !NAME.matcher(name).matches()) {
      return null;
    }
    return cache.computeIfAbsent(name, this::load);
  }

  private File load(String name) {
    try (InputStream in = StaticFiles.class.getResourceAsStream(root + name)) {
      if (in == null) {
        return null;
      }
      String ext = name.substring(name.lastIndexOf('.') + 1);
      return new File(in.readAllBytes(), TYPES.get(ext));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
