package org.mnistnn.model;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NumPy {@code .npy} format, version 1.0: the magic {@code \x93NUMPY}, version bytes, a
 * little-endian 16-bit header length, an ASCII Python-dict header padded with spaces to a multiple
 * of 64 bytes and ending in a newline, then the data in C order.
 *
 * <p>We write little-endian float32 ({@code <f4}), int64 ({@code <i8}) and unicode strings ({@code
 * <U n}, UTF-32LE); we read those plus float64.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  /** Largest array we accept when reading: guards against headers that claim absurd sizes. */
  public static final long MAX_ELEMENTS = 64L * 1024 * 1024;

  private Npy() {}

  /**
   * A decoded array: its dtype descriptor, shape and data (float, long or string). float64 data is
   * kept exactly in {@code doubles} and also rounded into {@code floats}.
   */
  public record Array(
      String descr, int[] shape, float[] floats, long[] longs, String text, double[] doubles) {
    public Array(String descr, int[] shape, float[] floats, long[] longs, String text) {
      this(descr, shape, floats, longs, text, null);
    }

    public long size() {
      long s = 1;
      for (int d : shape) {
        s *= d;
      }
      return s;
    }

    public String shapeString() {
      return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }
  }

  /** Encodes a float32 array of the given shape. */
  public static byte[] floats(float[] data, int... shape) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    return encode("<f4", shape, buf.array());
  }

  /** Encodes a float64 array of the given shape (exact, for values such as the smoothed loss). */
  public static byte[] doubles(double[] data, int... shape) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asDoubleBuffer().put(data);
    return encode("<f8", shape, buf.array());
  }

  /** Encodes an int64 array of the given shape (use no shape for a scalar). */
  public static byte[] longs(long[] data, int... shape) {
    ByteBuffer buf = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    buf.asLongBuffer().put(data);
    return encode("<i8", shape, buf.array());
  }

  /** Encodes a 0-d unicode string array, which {@code numpy.load} returns as {@code array('…')}. */
  public static byte[] string(String s) {
    int[] cps = s.codePoints().toArray();
    int n = Math.max(1, cps.length);
    ByteBuffer buf = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int cp : cps) {
      buf.putInt(cp);
    }
    return encode("<U" + n, new int[0], buf.array());
  }

  private static byte[] encode(String descr, int[] shape, byte[] data) {
    StringBuilder dims = new StringBuilder("(");
    for (int i = 0; i < shape.length; i++) {
      dims.append(shape[i]).append(shape.length == 1 ? "," : (i + 1 < shape.length ? ", " : ""));
    }
    dims.append(')');
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + dims + ", }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int pad = (64 - unpadded % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream(unpadded + pad + data.length);
    out.writeBytes(MAGIC);
    out.write(1);
    out.write(0);
    int len = header.length();
    out.write(len & 0xFF);
    out.write((len >>> 8) & 0xFF);
    out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  /**
   * Decodes one {@code .npy} file; {@code where} names it in errors.
   *
   * @throws IllegalArgumentException with a message naming what is wrong
   */
  public static Array decode(byte[] bytes, String where) {
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new IllegalArgumentException(where + ": not a .npy array (bad magic)");
    }
    int major = bytes[6];
    int headerLen;
    int start;
    if (major == 1) {
      headerLen = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
      start = 10;
    } else if (major == 2 || major == 3) {
      if (bytes.length < 12) {
        throw new IllegalArgumentException(where + ": truncated .npy header");
      }
      headerLen = ByteBuffer.wrap(bytes, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
      start = 12;
    } else {
      throw new IllegalArgumentException(where + ": unsupported .npy version " + major);
    }
    if (headerLen < 0 || start + (long) headerLen > bytes.length) {
      throw new IllegalArgumentException(where + ": truncated .npy header");
    }
    String header = new String(bytes, start, headerLen, StandardCharsets.ISO_8859_1);
    Matcher d = DESCR.matcher(header);
    Matcher f = FORTRAN.matcher(header);
    Matcher s = SHAPE.matcher(header);
    if (!d.find() || !f.find() || !s.find()) {
      throw new IllegalArgumentException(where + ": unreadable .npy header " + header.trim());
    }
    if (f.group(1).equals("True")) {
      throw new IllegalArgumentException(where + ": Fortran-ordered arrays are not supported");
    }
    int[] shape = parseShape(s.group(1), where);
    long count = 1;
    for (int dim : shape) {
      count *= dim;
      if (count > MAX_ELEMENTS) {
        throw new IllegalArgumentException(
            where + ": array claims more than " + MAX_ELEMENTS + " elements");
      }
    }
    String descr = d.group(1);
    int dataStart = start + headerLen;
    ByteBuffer data =
        ByteBuffer.wrap(bytes, dataStart, bytes.length - dataStart).order(ByteOrder.LITTLE_ENDIAN);
    int n = (int) count;
    switch (descr) {
      case "<f4":
        need(data, n * 4L, where);
        float[] fl = new float[n];
        data.asFloatBuffer().get(fl);
        return new Array(descr, shape, fl, null, null);
      case "<f8":
        need(data, n * 8L, where);
        double[] dd = new double[n];
        data.asDoubleBuffer().get(dd);
        float[] fd = new float[n];
        for (int i = 0; i < n; i++) {
          fd[i] = (float) dd[i];
        }
        return new Array(descr, shape, fd, null, null, dd);
      case "<i8":
        need(data, n * 8L, where);
        long[] l = new long[n];
        data.asLongBuffer().get(l);
        return new Array(descr, shape, null, l, null);
      default:
        if (descr.startsWith("<U") && shape.length == 0) {
          int chars;
          try {
            chars = Integer.parseInt(descr.substring(2));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": bad dtype " + descr);
          }
          if (chars < 0 || chars > MAX_ELEMENTS) {
            throw new IllegalArgumentException(where + ": bad dtype " + descr);
          }
          need(data, chars * 4L, where);
          StringBuilder sb = new StringBuilder();
          for (int i = 0; i < chars; i++) {
            int cp = data.getInt();
            if (cp == 0) {
              break;
            }
            if (!Character.isValidCodePoint(cp)) {
              throw new IllegalArgumentException(where + ": invalid character in string");
            }
            sb.appendCodePoint(cp);
          }
          return new Array(descr, shape, null, null, sb.toString());
        }
        throw new IllegalArgumentException(
            where + ": dtype " + descr + " is not supported (expected <f4, <f8, <i8 or <U)");
    }
  }

  private static void need(ByteBuffer data, long bytes, String where) {
    if (data.remaining() < bytes) {
      throw new IllegalArgumentException(
          where + ": truncated data (" + data.remaining() + " of " + bytes + " bytes)");
    }
  }

  private static int[] parseShape(String inner, String where) {
    String t = inner.trim();
    if (t.isEmpty()) {
      return new int[0];
    }
    String[] parts = t.split(",");
    int k = 0;
    int[] dims = new int[parts.length];
    for (String p : parts) {
      String q = p.trim();
      if (q.isEmpty()) {
        continue;
      }
      try {
        dims[k] = Integer.parseInt(q.endsWith("L") ? q.substring(0, q.length() - 1) : q);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + ": bad shape (" + inner + ")");
      }
      if (dims[k] < 0) {
        throw new IllegalArgumentException(where + ": negative dimension in shape");
      }
      k++;
    }
    return Arrays.copyOf(dims, k);
  }
}
