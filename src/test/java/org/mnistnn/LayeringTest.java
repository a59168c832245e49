package org.mnistnn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The lesson and the engine stay apart, read from the sources' imports: the reference package never
 * reaches into the engine, threads or the Vector API; only the engine imports the Vector API; the
 * rest of the code reaches the engine through its few public classes.
 */
class LayeringTest {
  private static final Path MAIN = Path.of("src/main/java/org/mnistnn");
  private static final Pattern IMPORT =
      Pattern.compile("^import (?:static )?([\\w.]+)", Pattern.MULTILINE);

  record Source(Path file, String text, List<String> imports) {
    String pkg() {
      return MAIN.relativize(file).getName(0).toString();
    }
  }

  static List<Source> sources() {
    try (Stream<Path> files = Files.walk(MAIN)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .map(
              f -> {
                try {
                  String text = Files.readString(f);
                  Matcher m = IMPORT.matcher(text);
                  List<String> imports = new java.util.ArrayList<>();
                  while (m.find()) {
                    imports.add(m.group(1));
                  }
                  return new Source(f, text, imports);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theReferenceUsesNoEngineNoThreadsAndNoVectorApi() {
    List<Source> learn = sources().stream().filter(s -> s.pkg().equals("learn")).toList();
    assertThat(learn).hasSizeGreaterThan(5);
    for (Source s : learn) {
      assertThat(s.imports())
          .as(s.file().toString())
          .allSatisfy(
              i ->
                  assertThat(i)
                      .matches(
                          "java\\.util\\.[A-Z]\\w*|java\\.util\\.function\\.\\w+|org\\.mnistnn\\.data\\.\\w+"));
      String code = s.text().replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
      assertThat(code).as(s.file().toString()).doesNotContain("Thread", "parallel(", "engine.");
    }
  }

  @Test
  void onlyTheEngineImportsTheVectorApi() {
    for (Source s : sources()) {
      boolean vector = s.imports().stream().anyMatch(i -> i.startsWith("jdk.incubator.vector"));
      if (vector) {
        assertThat(s.pkg()).as(s.file().toString()).isEqualTo("engine");
      }
    }
  }

  @Test
  void theEngineDependsOnlyOnTheReferenceTheDataAndTheJdk() {
    for (Source s : sources()) {
      if (s.pkg().equals("engine")) {
        assertThat(s.imports())
            .as(s.file().toString())
            .allSatisfy(
                i ->
                    assertThat(i)
                        .matches(
                            // com.sun.management: the JDK's own management API
                            "java\\..*|jdk\\.incubator\\.vector\\..*|com\\.sun\\.management\\..*"
                                + "|org\\.mnistnn\\.(learn|data)\\..*"));
      }
    }
  }

  @Test
  void theRestReachesTheEngineOnlyThroughItsPublicEntryPoints() {
    Set<String> entryPoints =
        Set.of(
            "org.mnistnn.engine.FastStep",
            "org.mnistnn.engine.FastForward",
            "org.mnistnn.engine.KernelChoice",
            "org.mnistnn.engine.Kernels",
            "org.mnistnn.engine.VectorKernels");
    for (Source s : sources()) {
      if (!s.pkg().equals("engine")) {
        for (String i : s.imports()) {
          if (i.startsWith("org.mnistnn.engine.")) {
            assertThat(entryPoints).as(s.file() + " imports " + i).contains(i);
          }
        }
      }
    }
  }
}
