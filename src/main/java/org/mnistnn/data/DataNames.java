package org.mnistnn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names under which a data file is found in a folder. Copies of MNIST and its relatives come
 * under a few spellings: LeCun's {@code train-images-idx3-ubyte}, the widespread Kaggle copy's
 * {@code train-images.idx3-ubyte} (a dot before {@code idx}), either one gzipped ({@code .gz}), and
 * archives that unpack each file into a folder of its own name ({@code
 * train-images-idx3-ubyte/train-images-idx3-ubyte}). The first regular file found, in the order of
 * {@link #candidates}, is used.
 */
public final class DataNames {
  private DataNames() {}

  /** The spellings of {@code fileName} without {@code .gz}: itself first, then the Kaggle one. */
  static List<String> spellings(String fileName) {
    Set<String> names = new LinkedHashSet<>();
    names.add(fileName);
    int idx = fileName.lastIndexOf("-idx");
    if (idx > 0) {
      names.add(fileName.substring(0, idx) + "." + fileName.substring(idx + 1));
    }
    return new ArrayList<>(names);
  }

  /** Every relative path looked at for {@code fileName}, in order of preference. */
  public static List<String> candidates(String fileName) {
    List<String> out = new ArrayList<>();
    for (String name : spellings(fileName)) {
      out.add(name);
      out.add(name + ".gz");
    }
    for (String name : spellings(fileName)) {
      out.add(name + "/" + name);
    }
    return out;
  }

  /** The first of {@link #candidates} in {@code dir} that is a regular file, or null. */
  public static Path find(Path dir, String fileName) {
    for (String c : candidates(fileName)) {
      Path p = dir.resolve(c);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * The names looked for, to quote in a "missing" message: {@code train-images-idx3-ubyte or
   * train-images.idx3-ubyte (raw or .gz)}.
   */
  public static String described(String fileName) {
    return String.join(" or ", spellings(fileName)) + " (raw or .gz)";
  }

  /**
   * The names looked for, for several files: {@code a-idx1-ubyte, b-idx3-ubyte (each raw or .gz, or
   * with a dot before idx: a.idx1-ubyte)}.
   */
  public static String described(List<String> fileNames) {
    if (fileNames.size() == 1) {
      return described(fileNames.get(0));
    }
    List<String> first = spellings(fileNames.get(0));
    return String.join(", ", fileNames)
        + (first.size() > 1
            ? " (each raw or .gz, or with a dot before idx: " + first.get(1) + ")"
            : " (each raw or .gz)");
  }
}
