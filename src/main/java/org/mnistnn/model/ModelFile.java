package org.mnistnn.model;

import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.AtomicFiles;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.MemoryBudget;
import org.mnistnn.util.UserException;

/**
 * {@code model.npz}: the weights as a NumPy archive (a zip of {@code .npy} files, stored
 * uncompressed as {@code numpy.savez} does), so that {@code numpy.load("model.npz")} gives {@code
 * W1} (784, H), {@code b1} (1, H), {@code W2} (H, 10), {@code b2} (1, 10) in float32. The entry
 * {@code meta} holds a JSON string with hyperparameters and progress, for {@code --resume}; further
 * float32 entries may hold optimiser state.
 */
public final class ModelFile {
  /** Largest model file we read (a 784-4096-10 network is about 13 MB). */
  public static final long MAX_BYTES = 256L * 1024 * 1024;

  private ModelFile() {}

  /** A loaded model: the network, its metadata and any extra arrays. */
  public record Saved(TwoLayerNet net, JsonObject meta, Map<String, Npy.Array> extras) {}

  /** Saves {@code net} with {@code meta} and {@code extras} (name → float32 1-D) atomically. */
  public static void save(Path file, TwoLayerNet net, JsonObject meta, Map<String, float[]> extras)
      throws IOException {
    Map<String, byte[]> encoded = new LinkedHashMap<>();
    if (extras != null) {
      for (Map.Entry<String, float[]> e : extras.entrySet()) {
        encoded.put(e.getKey(), Npy.floats(e.getValue(), e.getValue().length));
      }
    }
    saveEntries(file, net, meta, encoded);
  }

  /**
   * Saves {@code net} with {@code meta} and further ready-encoded {@code .npy} entries (name →
   * bytes from {@link Npy}) atomically: the old file stays intact until the new one is complete.
   *
   * @throws UserException when the weights contain NaN or infinite values: a diverged network is
   *     never written over a good file
   */
  public static void saveEntries(
      Path file, TwoLayerNet net, JsonObject meta, Map<String, byte[]> extras) throws IOException {
    requireFinite(net, file);
    AtomicFiles.write(file, out -> write(out, net, meta, extras));
  }

  /**
   * Writes what {@link #saveEntries} saves to {@code out} (which it does not close), without the
   * check for NaN and without a file.
   */
  public static void write(
      java.io.OutputStream out, TwoLayerNet net, JsonObject meta, Map<String, byte[]> extras)
      throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("W1", Npy.floats(net.W1, net.inputs, net.hidden));
    entries.put("b1", Npy.floats(net.b1, 1, net.hidden));
    entries.put("W2", Npy.floats(net.W2, net.hidden, net.classes));
    entries.put("b2", Npy.floats(net.b2, 1, net.classes));
    entries.put("meta", Npy.string(meta == null ? "{}" : meta.toString()));
    if (extras != null) {
      entries.putAll(extras);
    }
    writeZip(out, entries);
  }

  /** Refuses to save a network whose weights are no longer numbers. */
  private static void requireFinite(TwoLayerNet net, Path file) {
    float[][] params = net.parameters();
    for (int p = 0; p < params.length; p++) {
      for (float v : params[p]) {
        if (!Float.isFinite(v)) {
          throw new UserException(
              file
                  + " not written: "
                  + TwoLayerNet.PARAMETER_NAMES[p]
                  + " contains NaN or infinite values (training diverged); try a smaller --lr");
        }
      }
    }
  }

  /** Saves a model with metadata only. */
  public static void save(Path file, TwoLayerNet net, JsonObject meta) throws IOException {
    save(file, net, meta, null);
  }

  private static void writeZip(java.io.OutputStream out, Map<String, byte[]> entries)
      throws IOException {
    ZipOutputStream zip = new ZipOutputStream(out);
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] data = e.getValue();
      ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
      entry.setMethod(ZipEntry.STORED);
      entry.setSize(data.length);
      entry.setCompressedSize(data.length);
      CRC32 crc = new CRC32();
      crc.update(data);
      entry.setCrc(crc.getValue());
      entry.setTime(0L);
      zip.putNextEntry(entry);
      zip.write(data);
      zip.closeEntry();
    }
    zip.finish();
  }

  /**
   * Refuses a network that does not map {@code inputs} pixels to {@code classes} classes, e.g. a
   * 3-class model given to {@code evaluate} on the ten digits.
   */
  public static void requireShape(TwoLayerNet net, int inputs, int classes, Path where) {
    if (net.inputs != inputs || net.classes != classes) {
      throw new UserException(
          String.format(
              "%s: the model is %d-%d-%d (inputs-hidden-classes) but this needs %d inputs and %d"
                  + " classes; use a model trained by `./mnist-nn train` on MNIST-like data",
              where, net.inputs, net.hidden, net.classes, inputs, classes));
    }
  }

  /**
   * Loads a model file, checking that the four arrays are present with consistent shapes. Only the
   * {@code .npy} entries are read (others are never inflated); their sizes, as the archive's
   * directory declares them, are checked together against {@link #maxBytes()} before any is read,
   * and every inflated byte against the declared size.
   */
  public static Saved load(Path file) {
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new UserException(
            file + ": " + size + " bytes is too large for a model file (limit " + MAX_BYTES + ")");
      }
      try (ZipFile zip = new ZipFile(file.toFile())) {
        return read(zip, file.toString(), maxBytes());
      }
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": model file not found; train one with `./mnist-nn train`");
    } catch (ZipException | IllegalArgumentException e) {
      throw notNpz(file.toString(), e);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read model file (" + IoErrors.reason(e) + ")", e);
    }
  }

  /**
   * The most bytes a model's arrays may expand to: {@link #MAX_BYTES}, or less when this JVM's heap
   * could not hold them with the network built from them.
   */
  public static long maxBytes() {
    return Math.min(MAX_BYTES, MemoryBudget.maxModelBytes());
  }

  private static Saved read(ZipFile zip, String where, long maxBytes) throws IOException {
    List<ZipEntry> npys = new ArrayList<>();
    long declared = 0;
    for (ZipEntry e : Collections.list(zip.entries())) {
      if (e.getName().endsWith(".npy")) {
        npys.add(e);
        declared += Math.max(0, e.getSize());
      }
    }
    if (declared > maxBytes) {
      throw tooLarge(where, declared, maxBytes);
    }
    Map<String, Npy.Array> arrays = new LinkedHashMap<>();
    for (ZipEntry e : npys) {
      byte[] bytes = new byte[(int) Math.max(0, e.getSize())];
      try (InputStream in = zip.getInputStream(e)) {
        int n = in.readNBytes(bytes, 0, bytes.length);
        if (n < bytes.length || in.read() >= 0) {
          throw new UserException(
              where + "/" + e.getName() + ": its size differs from the archive's directory");
        }
      }
      arrays.put(e.getName().substring(0, e.getName().length() - 4), decode(bytes, where, e));
    }
    return toModel(arrays, where);
  }

  private static Npy.Array decode(byte[] bytes, String where, ZipEntry e) {
    try {
      return Npy.decode(bytes, where + "/" + e.getName());
    } catch (IllegalArgumentException bad) {
      throw new UserException(bad.getMessage());
    }
  }

  private static UserException tooLarge(String where, long bytes, long maxBytes) {
    return new UserException(
        String.format(
            "%s: model archive expands beyond %s (%s or more), more than this JVM's heap (%s)"
                + " takes for a model; use a smaller model or a larger -Xmx (MNIST_NN_JAVA_OPTS)",
            where,
            MemoryBudget.mb(maxBytes),
            MemoryBudget.mb(bytes),
            MemoryBudget.mb(MemoryBudget.heap())));
  }

  private static UserException notNpz(String where, Exception e) {
    return new UserException(
        where
            + ": not a valid .npz model ("
            + e.getMessage()
            + "); expected a file saved by"
            + " `./mnist-nn train` or numpy.savez");
  }

  /** Reads an npz model from a stream; {@code where} names it in errors. */
  public static Saved read(InputStream in, String where) throws IOException {
    return read(in, where, maxBytes());
  }

  /**
   * Reads an npz model from a stream, refusing archives that expand beyond {@code maxBytes} (zip
   * bombs) before they are held in memory.
   */
  static Saved read(InputStream in, String where, long maxBytes) throws IOException {
    Map<String, Npy.Array> arrays = new LinkedHashMap<>();
    long total = 0;
    try (ZipInputStream zip = new ZipInputStream(in)) {
      ZipEntry e;
      while ((e = zip.getNextEntry()) != null) {
        String name = e.getName();
        boolean used = name.endsWith(".npy");
        // entries that are not arrays are inflated all the same to get past them: count them too
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 16];
        int r;
        while ((r = zip.read(chunk)) > 0) {
          total += r;
          if (total > maxBytes) {
            throw tooLarge(where, total, maxBytes);
          }
          if (used) {
            buf.write(chunk, 0, r);
          }
        }
        if (!used) {
          continue;
        }
        String key = name.substring(0, name.length() - 4);
        try {
          arrays.put(key, Npy.decode(buf.toByteArray(), where + "/" + name));
        } catch (IllegalArgumentException bad) {
          throw new UserException(bad.getMessage());
        }
      }
    } catch (ZipException | IllegalArgumentException e) {
      // ZipInputStream reports undecodable entry names as IllegalArgumentException
      throw notNpz(where, e);
    }
    return toModel(arrays, where);
  }

  private static Saved toModel(Map<String, Npy.Array> arrays, String where) {
    if (arrays.isEmpty()) {
      throw new UserException(
          where
              + ": not an .npz model (no .npy arrays inside); expected a file saved by"
              + " `./mnist-nn train` or numpy.savez");
    }
    Npy.Array w1 = required(arrays, "W1", where);
    Npy.Array b1 = required(arrays, "b1", where);
    Npy.Array w2 = required(arrays, "W2", where);
    Npy.Array b2 = required(arrays, "b2", where);
    if (w1.shape().length != 2 || w2.shape().length != 2) {
      throw new UserException(
          where
              + ": W1 and W2 must be 2-D, found "
              + w1.shapeString()
              + " and "
              + w2.shapeString());
    }
    int d = w1.shape()[0];
    int h = w1.shape()[1];
    int c = w2.shape()[1];
    if (w2.shape()[0] != h || b1.size() != h || b2.size() != c || d <= 0 || h <= 0 || c < 2) {
      throw new UserException(
          String.format(
              "%s: inconsistent shapes W1 %s, b1 %s, W2 %s, b2 %s (expected (D, H), (1, H), (H,"
                  + " C), (1, C))",
              where, w1.shapeString(), b1.shapeString(), w2.shapeString(), b2.shapeString()));
    }
    long arrayBytes = 0;
    for (Npy.Array a : arrays.values()) {
      arrayBytes += 4 * a.size();
    }
    MemoryBudget.checkModel(d, h, c, arrayBytes, where);
    TwoLayerNet net = new TwoLayerNet(d, h, c);
    System.arraycopy(w1.floats(), 0, net.W1, 0, net.W1.length);
    System.arraycopy(b1.floats(), 0, net.b1, 0, net.b1.length);
    System.arraycopy(w2.floats(), 0, net.W2, 0, net.W2.length);
    System.arraycopy(b2.floats(), 0, net.b2, 0, net.b2.length);
    for (float[] p : net.parameters()) {
      for (float v : p) {
        if (!Float.isFinite(v)) {
          throw new UserException(where + ": the weights contain NaN or infinite values");
        }
      }
    }
    JsonObject meta = new JsonObject();
    Npy.Array m = arrays.get("meta");
    if (m != null && m.text() != null) {
      try {
        meta = JsonParser.parseString(m.text()).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new UserException(where + ": the 'meta' entry is not a JSON object");
      }
    }
    Map<String, Npy.Array> extras = new LinkedHashMap<>(arrays);
    for (String k : new String[] {"W1", "b1", "W2", "b2", "meta"}) {
      extras.remove(k);
    }
    return new Saved(net, meta, extras);
  }

  private static Npy.Array required(Map<String, Npy.Array> arrays, String name, String where) {
    Npy.Array a = arrays.get(name);
    if (a == null) {
      throw new UserException(
          where + ": the model has no '" + name + "' array (found " + arrays.keySet() + ")");
    }
    if (a.floats() == null) {
      throw new UserException(where + ": '" + name + "' must be a float array, found " + a.descr());
    }
    return a;
  }
}
