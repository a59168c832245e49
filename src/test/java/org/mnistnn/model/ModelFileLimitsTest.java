package org.mnistnn.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.util.UserException;

/** Limits of the model file: zip bombs and diverged weights. */
class ModelFileLimitsTest {
  @TempDir Path tmp;

  @Test
  void aZipBombIsRefusedAtTheLimitWithoutExpandingFurther() throws Exception {
    // 64 MB of zeros deflate to about 64 KB; with a 1 MB limit reading stops after 1 MB
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(buf)) {
      z.putNextEntry(new ZipEntry("W1.npy"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        z.write(zeros);
      }
      z.closeEntry();
    }
    assertThat(buf.size()).isLessThan(1 << 20);
    assertThatThrownBy(
            () -> ModelFile.read(new ByteArrayInputStream(buf.toByteArray()), "bomb", 1 << 20))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("expands beyond");
  }

  @Test
  void nanWeightsAreNeverWrittenOverAGoodModel() throws Exception {
    Path f = tmp.resolve("model.npz");
    TwoLayerNet net = TwoLayerNet.initialised(4, 3, 2, new Random(1));
    ModelFile.save(f, net, new JsonObject());
    byte[] good = Files.readAllBytes(f);
    net.W2[1] = Float.NaN;
    assertThatThrownBy(() -> ModelFile.save(f, net, new JsonObject()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("W2")
        .hasMessageContaining("--lr");
    assertThat(Files.readAllBytes(f)).isEqualTo(good);
    net.W2[1] = Float.POSITIVE_INFINITY;
    assertThatThrownBy(() -> ModelFile.save(f, net, new JsonObject()))
        .isInstanceOf(UserException.class);
    assertThat(Files.readAllBytes(f)).isEqualTo(good);
  }
}
