package org.mnistnn.cli;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.StringJoiner;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The real {@code ./mnist-nn} launcher copied into a folder of its own, beside a {@code
 * target/mnist-nn.jar} that runs the code under test (a manifest-only jar whose class path is this
 * test run's). The copy has no sources, so it never rebuilds unless a test adds some.
 */
final class LauncherCopy {
  private LauncherCopy() {}

  /** Copies the launcher into {@code dir} and returns its path. */
  static Path create(Path dir) throws IOException {
    Path launcher = dir.resolve("mnist-nn");
    Files.createDirectories(dir.resolve("target"));
    Files.copy(Path.of("mnist-nn"), launcher, StandardCopyOption.REPLACE_EXISTING);
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    StringJoiner cp = new StringJoiner(" ");
    for (String entry : JavaProcess.classPath().split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        cp.add(Path.of(entry).toAbsolutePath().toUri().toString());
      }
    }
    m.getMainAttributes().put(Attributes.Name.CLASS_PATH, cp.toString());
    try (OutputStream out = Files.newOutputStream(dir.resolve("target/mnist-nn.jar"));
        JarOutputStream jar = new JarOutputStream(out, m)) {
      jar.flush();
    }
    return launcher;
  }
}
