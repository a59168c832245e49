package org.mnistnn.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mnistnn.util.UserException;

/**
 * What a model was trained on, as its {@code meta} records it: the data set's name when its files'
 * checksums are known (MNIST, Fashion-MNIST), else {@code "custom"}; the SHA-256 of each file's raw
 * content (computed while the files are read, see {@link MnistProvider}); and the names of the ten
 * classes.
 *
 * <p>Class names: MNIST's are the digits; Fashion-MNIST's are built in (Xiao, Rasul and Vollgraf,
 * "Fashion-MNIST", 2017); any other data set may give them in a {@code classes.txt} beside its IDX
 * files, one name per line, and otherwise keeps the digits.
 *
 * @param name "MNIST", "Fashion-MNIST" or "custom"
 * @param sha256 file name → lower-case hex SHA-256 of its raw content
 * @param classes one name per class, index = label
 */
public record DataSet(String name, Map<String, String> sha256, List<String> classes) {
  /** The file with class names beside other IDX files. */
  public static final String CLASSES_FILE = "classes.txt";

  /** The digits 0–9 as class names. */
  public static final List<String> DIGITS =
      List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

  /** MNIST: the four files and their checksums of {@link MnistFile}. */
  public static final DataSet MNIST = new DataSet("MNIST", mnistSums(), DIGITS);

  /** Fashion-MNIST: the raw files' SHA-256 as distributed (e.g. Debian's dataset-fashion-mnist). */
  public static final DataSet FASHION_MNIST =
      new DataSet(
          "Fashion-MNIST",
          sums(
              "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
              "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
              "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
              "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34"),
          List.of(
              "T-shirt/top",
              "Trouser",
              "Pullover",
              "Dress",
              "Coat",
              "Sandal",
              "Shirt",
              "Sneaker",
              "Bag",
              "Ankle boot"));

  public DataSet {
    sha256 = Map.copyOf(sha256);
    classes = List.copyOf(classes);
  }

  private static Map<String, String> mnistSums() {
    Map<String, String> m = new LinkedHashMap<>();
    for (MnistFile f : MnistFile.values()) {
      m.put(f.fileName(), f.sha256());
    }
    return m;
  }

  private static Map<String, String> sums(String... digests) {
    Map<String, String> m = new LinkedHashMap<>();
    MnistFile[] files = MnistFile.values();
    for (int i = 0; i < files.length; i++) {
      m.put(files[i].fileName(), digests[i]);
    }
    return m;
  }

  /** The data set whose files have these digests; {@code dir} may hold a {@code classes.txt}. */
  public static DataSet identify(Map<String, String> sha256, Path dir) {
    for (DataSet known : List.of(MNIST, FASHION_MNIST)) {
      if (known.sha256.equals(sha256)) {
        return known;
      }
    }
    return new DataSet("custom", sha256, classNames(dir));
  }

  /** The names in {@code dir/classes.txt}, or the digits when there is none. */
  static List<String> classNames(Path dir) {
    Path file = dir.resolve(CLASSES_FILE);
    if (!Files.isRegularFile(file)) {
      return DIGITS;
    }
    List<String> names = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          names.add(line.strip());
        }
      }
    } catch (IOException e) {
      throw new UserException(file + ": cannot read the class names (" + e.getMessage() + ")");
    }
    if (names.size() != DIGITS.size()) {
      throw new UserException(
          file
              + ": "
              + names.size()
              + " class names, but the labels are 0–9; give ten names, one per line");
    }
    return names;
  }

  /** The training data of a model, from its {@code meta}; MNIST for models saved before this. */
  public static DataSet of(JsonObject meta) {
    JsonElement e = meta == null ? null : meta.get("dataset");
    if (e == null || !e.isJsonObject()) {
      return MNIST;
    }
    try {
      JsonObject o = e.getAsJsonObject();
      Map<String, String> sums = new LinkedHashMap<>();
      for (Map.Entry<String, JsonElement> s : o.getAsJsonObject("sha256").entrySet()) {
        sums.put(s.getKey(), s.getValue().getAsString());
      }
      List<String> classes = new ArrayList<>();
      for (JsonElement c : o.getAsJsonArray("classes")) {
        classes.add(c.getAsString());
      }
      return new DataSet(o.get("name").getAsString(), sums, classes);
    } catch (RuntimeException bad) {
      throw new UserException(
          "the model's meta.dataset is damaged ("
              + bad.getMessage()
              + "); it needs name, sha256 and classes");
    }
  }

  /** As stored in {@code meta.dataset}. */
  public JsonObject toJson() {
    JsonObject o = new JsonObject();
    o.addProperty("name", name);
    JsonObject sums = new JsonObject();
    new java.util.TreeMap<>(sha256).forEach(sums::addProperty);
    o.add("sha256", sums);
    JsonArray c = new JsonArray();
    classes.forEach(c::add);
    o.add("classes", c);
    return o;
  }

  /** True when the classes are the digits (their names then add nothing). */
  public boolean digits() {
    return classes.equals(DIGITS);
  }

  /** The name of class {@code k}. */
  public String className(int k) {
    return k >= 0 && k < classes.size() ? classes.get(k) : String.valueOf(k);
  }

  /** The name to use in messages: "MNIST", or "custom data (SHA-256 1a2b3c4d… of …)". */
  public String label() {
    if (!"custom".equals(name)) {
      return name;
    }
    String images = sha256.getOrDefault(MnistFile.TRAIN_IMAGES.fileName(), "?");
    return "another data set (train images SHA-256 " + Sha256.shortHex(images) + ")";
  }

  /** True when both have the same files. */
  public boolean sameFiles(DataSet other) {
    return Objects.equals(sha256, other.sha256);
  }

  /** The note that the model's training data differ from {@code used}, or null when they do not. */
  public String mismatchNote(String model, DataSet used) {
    if (sameFiles(used)) {
      return null;
    }
    return "note: "
        + model
        + " was trained on "
        + label()
        + ", but these data are "
        + used.label()
        + "; its answers here say little";
  }

  /**
   * The note that the test set in {@code dir} (as {@code serve} finds it) is not the one this model
   * was tested on, or null when it is, or when there is none to compare (hashing the two test files
   * takes about 0.01 s).
   */
  public String testSetNote(String model, Path dir) {
    for (MnistFile f : List.of(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS)) {
      Path p = DataNames.find(dir, f.fileName());
      String expected = sha256.get(f.fileName());
      if (p == null || expected == null) {
        return null;
      }
      try {
        if (!expected.equals(Sha256.ofContent(p))) {
          return "note: "
              + model
              + " was trained on "
              + label()
              + ", but the test images in "
              + dir
              + " are from another data set; its answers to them say little";
        }
      } catch (IOException e) {
        return null; // the test digits' own loading reports unreadable files
      }
    }
    return null;
  }
}
