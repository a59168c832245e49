package org.mnistnn.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mnistnn.image.DigitPhotos.Kind;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.web.Prediction;

/**
 * {@code predict}'s preprocessing on pictures of printed digits in every {@link Kind} a user
 * brings: ten fonts × ten digits × two placements per kind, read by the shared network trained on
 * the real MNIST as {@code ./mnist-nn train} trains it by default: 15 epochs of the notebook's
 * settings (seed 1, about 97.5% on the test set).
 */
class RealPicturesTest {
  @Test
  void digitsAreReadInEveryKindOfPicture() {
    TwoLayerNet net = defaultModel();
    List<Font> fonts = DigitPhotos.fonts();
    Map<Kind, Integer> right = new EnumMap<>(Kind.class);
    int perKind = 0;
    for (Kind kind : Kind.values()) {
      int n = 0;
      for (int f = 0; f < fonts.size(); f++) {
        for (int d = 0; d < 10; d++) {
          for (int rep = 0; rep < 2; rep++) {
            long seed = ((kind.ordinal() * 100L + f) * 10 + d) * 2 + rep;
            byte[] file = DigitPhotos.encoded(kind, fonts.get(f), d, seed);
            int got = read(net, file, kind + " " + fonts.get(f).getFontName() + " " + d);
            right.merge(kind, got == d ? 1 : 0, Integer::sum);
            n++;
          }
        }
      }
      perKind = n;
    }
    int total = right.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder s = new StringBuilder();
    for (Kind kind : Kind.values()) {
      s.append(String.format(Locale.ROOT, "%s %.1f%%  ", kind, 100.0 * right.get(kind) / perKind));
    }
    String summary =
        s.append(
                String.format(
                    Locale.ROOT,
                    "overall %.1f%%",
                    100.0 * total / (perKind * Kind.values().length)))
            .toString();
    System.out.println("RealPicturesTest: " + summary);
    assertThat(total).as(summary).isGreaterThanOrEqualTo((int) Math.ceil(0.85 * perKind * 6));
    for (Kind kind : Kind.values()) {
      assertThat(right.get(kind))
          .as(summary)
          .isGreaterThanOrEqualTo((int) Math.ceil(0.75 * perKind));
    }
  }

  private static int read(TwoLayerNet net, byte[] file, String what) {
    try {
      float[] x =
          MnistPreprocessor.process(ImageFiles.decode(file, what, ImageFiles.MAX_PIXELS)).pixels();
      return Prediction.of(net, x).digit();
    } catch (ImageException e) {
      return -1;
    }
  }

  /** The model of a default {@code train}: the notebook's settings for 15 epochs, seed 1. */
  private static TwoLayerNet defaultModel() {
    org.mnistnn.data.MnistData d = org.mnistnn.TestData.mnist();
    org.mnistnn.training.TrainConfig config = org.mnistnn.training.TrainConfig.defaults(1);
    TwoLayerNet n = config.options().init().create(784, config.hidden(), 10, config.seed());
    new org.mnistnn.training.Trainer(config, n, 0).train(d.train(), d.test().slice(0, 1000), 0);
    return n;
  }
}
