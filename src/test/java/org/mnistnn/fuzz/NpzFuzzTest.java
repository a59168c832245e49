package org.mnistnn.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.model.Npy;
import org.mnistnn.util.UserException;

/**
 * {@code .npy} arrays and {@code .npz} models from outside: random, mutated and hand-crafted
 * hostile inputs either parse to consistent arrays or are refused with the documented error ({@link
 * IllegalArgumentException} from {@link Npy#decode}, {@link UserException} from {@link
 * ModelFile#load}), never another exception and never an allocation the input does not justify.
 */
class NpzFuzzTest {
  static Path dir;
  static byte[] model;
  static byte[] npy = Npy.floats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);

  @BeforeContainer
  static void setUp() throws IOException {
    dir = Files.createTempDirectory("npz-fuzz");
    TwoLayerNet net = TwoLayerNet.initialised(6, 3, 2, new Random(1));
    Path f = dir.resolve("model.npz");
    JsonObject meta = new JsonObject();
    meta.addProperty("iteration", 5);
    ModelFile.save(f, net, meta);
    model = Files.readAllBytes(f);
  }

  @AfterContainer
  static void tearDown() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  static void decodesOrRefuses(byte[] bytes) {
    try {
      Npy.Array a = Npy.decode(bytes, "fuzz.npy");
      long size = a.size();
      int stored =
          a.floats() != null ? a.floats().length : a.longs() != null ? a.longs().length : -1;
      if (stored >= 0) {
        assertThat((long) stored).isEqualTo(size);
      } else {
        assertThat(a.text()).isNotNull();
      }
    } catch (IllegalArgumentException e) {
      Outcomes.isOneClearLine(e, "fuzz.npy");
    }
  }

  static void loadsOrRefuses(byte[] bytes) throws IOException {
    Path f = dir.resolve("fuzz.npz");
    Files.write(f, bytes);
    try {
      ModelFile.Saved s = ModelFile.load(f);
      TwoLayerNet n = s.net();
      assertThat(n.W1).hasSize(n.inputs * n.hidden);
      assertThat(n.W2).hasSize(n.hidden * n.classes);
      for (float[] p : n.parameters()) {
        for (float v : p) {
          assertThat(Float.isFinite(v)).isTrue();
        }
      }
    } catch (UserException e) {
      Outcomes.isOneClearLine(e, f.toString());
    }
  }

  @Property(tries = 300)
  void randomNpyBytes(@ForAll @Size(max = 400) byte[] bytes) {
    decodesOrRefuses(bytes);
  }

  @Property(tries = 300)
  void mutatedNpy(@ForAll long seed, @ForAll @IntRange(min = 1, max = 6) int edits) {
    decodesOrRefuses(Outcomes.mutate(npy, seed, edits));
  }

  @Provide
  Arbitrary<String> headers() {
    Arbitrary<String> descr =
        Arbitraries.oneOf(
            Arbitraries.of(
                "<f4", "<f8", "<i8", ">f4", "|u1", "<U3", "<U0", "<U-1", "<U99999999999"),
            Arbitraries.strings().ofMaxLength(6));
    Arbitrary<String> fortran = Arbitraries.of("False", "True", "0", "");
    Arbitrary<String> shape =
        Arbitraries.oneOf(
                Arbitraries.integers().between(-3, 5),
                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                Arbitraries.of(1_000_000))
            .map(String::valueOf)
            .list()
            .ofMaxSize(4)
            .map(l -> String.join(", ", l) + (l.size() == 1 ? "," : ""));
    return Combinators.combine(descr, fortran, shape)
        .as(
            (d, f, s) ->
                "{'descr': '" + d + "', 'fortran_order': " + f + ", 'shape': (" + s + "), }");
  }

  @Property(tries = 400)
  void hostileHeaders(
      @ForAll("headers") String header,
      @ForAll @Size(max = 256) byte[] data,
      @ForAll @IntRange(min = 1, max = 3) int version) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
    byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    out.write(h.length & 0xFF);
    out.write(h.length >>> 8);
    if (version > 1) {
      out.write(0);
      out.write(0);
    }
    out.writeBytes(h);
    out.writeBytes(data);
    long before = Outcomes.allocatedBytes();
    decodesOrRefuses(out.toByteArray());
    assertThat(Outcomes.allocatedBytes() - before).isLessThan(1L << 20);
  }

  @Example
  void anArrayClaimingTenToTheTwelveElementsIsRefusedBeforeAllocation() {
    byte[] a = Npy.floats(new float[4], 2, 2);
    String s = new String(a, StandardCharsets.ISO_8859_1).replace("(2, 2)", "(1000000, 1000000)");
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    String message = null;
    long before = Outcomes.allocatedBytes();
    try {
      Npy.decode(bytes, "big.npy");
    } catch (IllegalArgumentException e) {
      message = e.getMessage();
    }
    long allocated = Outcomes.allocatedBytes() - before;
    assertThat(message).contains("claims more than");
    assertThat(allocated).isLessThan(1L << 20);
  }

  @Property(tries = 200)
  void randomModelBytes(@ForAll @Size(max = 2000) byte[] bytes) throws IOException {
    loadsOrRefuses(bytes);
  }

  @Property(tries = 400)
  void mutatedModels(@ForAll long seed, @ForAll @IntRange(min = 1, max = 5) int edits)
      throws IOException {
    loadsOrRefuses(Outcomes.mutate(model, seed, edits));
  }

  /** A zip whose entries are given as (name, bytes), compressed or stored. */
  static byte[] zip(List<String> names, List<byte[]> contents) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(buf)) {
      for (int i = 0; i < names.size(); i++) {
        z.putNextEntry(new ZipEntry(names.get(i)));
        z.write(contents.get(i));
        z.closeEntry();
      }
    }
    return buf.toByteArray();
  }

  @Example
  void entryNamesThatPointOutsideAreOnlyNames() throws IOException {
    byte[] z =
        zip(
            List.of("../../escaped.npy", "/etc/evil.npy", "W1.npy"),
            List.of(npy, npy, "junk".getBytes(StandardCharsets.US_ASCII)));
    Path f = Files.write(dir.resolve("names.npz"), z);
    assertThatThrownBy(() -> ModelFile.load(f)).isInstanceOf(UserException.class);
    assertThat(dir.getParent().getParent().resolve("escaped.npy")).doesNotExist();
    assertThat(dir.getParent().resolve("escaped.npy")).doesNotExist();
  }
}
