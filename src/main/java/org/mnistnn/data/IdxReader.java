package org.mnistnn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.MemoryBudget;
import org.mnistnn.util.UserException;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed; gzip is detected by its magic bytes
 * {@code 1f 8b}, not by the file name.
 *
 * <p>Layout: a 4-byte magic {@code 00 00 TT DD} (TT = 0x08 for unsigned bytes, DD = number of
 * dimensions), DD big-endian 32-bit sizes, then the data. Every size is checked before anything is
 * allocated: against what the file can hold (its size, or for gzip the most deflate can expand it
 * to) and against what this JVM's heap can hold ({@link MemoryBudget#maxDataFileBytes()}), so a
 * header that claims 10¹² items is rejected instead of exhausting memory. The data array is then
 * allocated once, at the header's size.
 */
public final class IdxReader {
  /** The largest payload we accept: comfortably above MNIST's 47 MB training images. */
  public static final long MAX_PAYLOAD_BYTES = 512L * 1024 * 1024;

  /** Deflate's largest expansion: 258 bytes from about 2 bits, so at most 1032 to 1. */
  private static final long MAX_GZIP_RATIO = 1032;

  private IdxReader() {}

  /** An IDX array of unsigned bytes: its dimensions and its data. */
  public record IdxArray(int[] dims, byte[] data) {}

  /** Reads an IDX file of unsigned bytes with {@code expectedDims} dimensions. */
  public static IdxArray read(Path file, int expectedDims) {
    return read(file, expectedDims, null);
  }

  /**
   * Reads an IDX file like {@link #read(Path, int)} and, when {@code digest} is not null, feeds it
   * every decompressed byte on the way, so a checksum costs no second pass over the file.
   */
  public static IdxArray read(Path file, int expectedDims, MessageDigest digest) {
    requireRegularFile(file);
    try (InputStream in = open(file)) {
      InputStream src = digest == null ? in : new DigestInputStream(in, digest);
      long size = Files.size(file);
      long most = isGzip(file) ? size * MAX_GZIP_RATIO : size;
      return read(src, expectedDims, file.toString(), most);
    } catch (NoSuchFileException e) {
      throw new UserException(file + ": file not found");
    } catch (EOFException e) {
      // what GZIPInputStream throws, without a message, when the end of the stream is cut off
      throw new UserException(
          file
              + ": truncated gzip file (it ends before its end marker and checksum); delete it and"
              + " download again",
          e);
    } catch (IOException e) {
      throw new UserException(file + ": cannot read IDX file (" + IoErrors.reason(e) + ")", e);
    }
  }

  /**
   * Refuses what is not a regular file before opening it: a folder, a FIFO (which would block the
   * read forever), a device, a symbolic link that loops or leads nowhere.
   */
  static void requireRegularFile(Path file) {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new UserException(
          file
              + (Files.isSymbolicLink(file) ? " is a symbolic link to nothing" : ": file not found")
              + "; put the IDX file there or run `./mnist-nn download`");
    } catch (IOException e) {
      throw new UserException(file + ": cannot read (" + IoErrors.reason(e) + ")", e);
    }
    if (a.isDirectory()) {
      throw new UserException(
          file + " is a folder, not an IDX file; remove it or put the file there");
    }
    if (!a.isRegularFile()) {
      throw new UserException(
          file + " is not a regular file (a pipe, device or socket); put the IDX file there");
    }
  }

  private static boolean isGzip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.read() == 0x1f && in.read() == 0x8b;
    }
  }

  /** Opens a file, transparently decompressing it when it starts with the gzip magic. */
  public static InputStream open(Path file) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
    }
    return raw;
  }

  /** Reads an IDX array from a stream; {@code where} names the source in error messages. */
  public static IdxArray read(InputStream stream, int expectedDims, String where)
      throws IOException {
    return read(stream, expectedDims, where, Long.MAX_VALUE);
  }

  /**
   * Reads an IDX array from a stream that holds at most {@code most} bytes (decompressed); a header
   * that promises more is truncated or a lie, and nothing is allocated for it.
   */
  static IdxArray read(InputStream stream, int expectedDims, String where, long most)
      throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int magic;
    try {
      magic = in.readInt();
    } catch (EOFException e) {
      throw new UserException(where + ": empty or truncated IDX file (no 4-byte magic number)");
    }
    int zeros = magic >>> 16;
    int type = (magic >>> 8) & 0xFF;
    int dims = magic & 0xFF;
    if (zeros != 0 || type != 0x08 || dims != expectedDims) {
      throw new UserException(
          String.format(
              "%s: not an IDX file of unsigned bytes with %d dimensions (magic number 0x%08X,"
                  + " expected 0x%08X); is it the right file, and not an HTML error page?",
              where, expectedDims, magic, 0x0800 | expectedDims));
    }
    int[] shape = new int[dims];
    long total = 1;
    for (int i = 0; i < dims; i++) {
      try {
        shape[i] = in.readInt();
      } catch (EOFException e) {
        throw new UserException(where + ": truncated IDX header (dimension " + i + " missing)");
      }
      if (shape[i] < 0) {
        throw new UserException(where + ": negative size " + shape[i] + " in dimension " + i);
      }
      total *= shape[i];
      if (total > MAX_PAYLOAD_BYTES) {
        throw new UserException(
            where
                + ": header claims more than "
                + MAX_PAYLOAD_BYTES
                + " bytes of data; the file is corrupt or not MNIST-like");
      }
    }
    long heapLimit = MemoryBudget.maxDataFileBytes();
    if (total > heapLimit) {
      throw new UserException(
          String.format(
              "%s: header claims %s of data, more than this JVM's heap (%s) can hold with the"
                  + " rest (limit %s); use a smaller data set or a larger -Xmx"
                  + " (MNIST_NN_JAVA_OPTS)",
              where,
              MemoryBudget.mb(total),
              MemoryBudget.mb(MemoryBudget.heap()),
              MemoryBudget.mb(heapLimit)));
    }
    if (total > most) {
      throw truncated(where, total, "the file cannot hold that many");
    }
    byte[] data = new byte[(int) total];
    int off = 0;
    while (off < total) {
      int r = in.read(data, off, data.length - off);
      if (r < 0) {
        throw truncated(where, total, "only " + off + " are present");
      }
      off += r;
    }
    if (in.read() >= 0) {
      throw new UserException(
          where + ": " + total + " data bytes expected but the file holds more (trailing data)");
    }
    return new IdxArray(shape, data);
  }

  private static UserException truncated(String where, long total, String found) {
    return new UserException(
        where
            + ": truncated IDX file: header promises "
            + total
            + " data bytes but "
            + found
            + "; delete it and download again");
  }

  /** Reads an image file (3 dimensions) and a label file (1 dimension) into a dataset. */
  public static MnistDataset readDataset(Path images, Path labels) {
    return toDataset(read(images, 3), images, read(labels, 1), labels);
  }

  /**
   * Joins an image array (count × rows × cols) and a label array (count) read from {@code images}
   * and {@code labels} into a dataset, checking that the counts agree and every label is a digit.
   */
  public static MnistDataset toDataset(IdxArray img, Path images, IdxArray lab, Path labels) {
    int count = img.dims()[0];
    if (img.dims()[1] == 0 || img.dims()[2] == 0) {
      throw new UserException(
          images + ": images of " + img.dims()[1] + "×" + img.dims()[2] + " pixels hold nothing");
    }
    if (lab.dims()[0] != count) {
      throw new UserException(
          images
              + " holds "
              + count
              + " images but "
              + labels
              + " holds "
              + lab.dims()[0]
              + " labels; the two files do not belong together");
    }
    for (int i = 0; i < lab.data().length; i++) {
      int l = lab.data()[i] & 0xFF;
      if (l > 9) {
        throw new UserException(labels + ": label " + l + " at index " + i + " is not a digit 0–9");
      }
    }
    return new MnistDataset(img.data(), lab.data(), count, img.dims()[1], img.dims()[2]);
  }
}
