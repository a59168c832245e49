package org.mnistnn.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.mnistnn.image.GrayImage;
import org.mnistnn.image.MnistPreprocessor;
import org.mnistnn.util.AtomicFiles;
import org.mnistnn.util.UserException;

/**
 * {@code predict --show DIR}: the 28×28 input of each picture as a PNG in DIR, named after the
 * picture ({@code photo.jpg} → {@code photo.png}; {@code photo-2.png} when two share a name), each
 * pixel a 10×10 block so it can be looked at.
 */
final class InputPictures {
  /** Each input pixel becomes a block of this side. */
  static final int SCALE = 10;

  private final Path dir;
  private final Set<String> used = new HashSet<>();

  private InputPictures(Path dir) {
    this.dir = dir;
  }

  /** Writes into {@code dir}, creating it; a path that is not a folder is an error. */
  static InputPictures in(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UserException(dir + ": --show needs a folder, and this is a file");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UserException(dir + ": cannot create the --show folder (" + e.getMessage() + ")");
    }
    return new InputPictures(dir);
  }

  /** Writes {@code x} (28 × 28) for {@code picture}; returns the file written. */
  Path write(Path picture, float[] x) {
    Path target = dir.resolve(freeName(picture));
    try {
      ByteArrayOutputStream png = new ByteArrayOutputStream();
      int side = MnistPreprocessor.SIDE;
      ImageIO.write(GrayImage.toImage(x, side, side, SCALE), "png", png);
      AtomicFiles.write(target, png.toByteArray());
    } catch (IOException e) {
      throw new UserException(target + ": cannot write the input picture (" + e + ")");
    }
    return target;
  }

  private String freeName(Path picture) {
    String name = String.valueOf(picture.getFileName());
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String candidate = stem + ".png";
    for (int i = 2; !used.add(candidate); i++) {
      candidate = stem + "-" + i + ".png";
    }
    return candidate;
  }
}
