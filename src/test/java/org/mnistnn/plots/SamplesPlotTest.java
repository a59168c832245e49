package org.mnistnn.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.eval.Evaluator;

/** samples.png with long class names: every title stays inside its own cell. */
class SamplesPlotTest {
  @Test
  void longClassNamesDoNotRunIntoTheNextCell() {
    int rows = 2;
    int cols = 4;
    int n = rows * cols;
    byte[] images = new byte[n * 784];
    byte[] labels = new byte[n];
    int[] predicted = new int[n];
    int[] actual = new int[n];
    for (int i = 0; i < n; i++) {
      // the longest titles Fashion-MNIST can have: "T-shirt/top (true Ankle boot)" and back
      predicted[i] = i % 2 == 0 ? 0 : 9;
      actual[i] = i % 2 == 0 ? 9 : 0;
      labels[i] = (byte) actual[i];
    }
    MnistDataset test = new MnistDataset(images, labels, n, 28, 28);
    Evaluator.Result result = new Evaluator.Result(predicted, actual, new float[n * 10], 10);
    List<String> names = DataSet.FASHION_MNIST.classes();
    BufferedImage img = SamplesPlot.draw(test, result, rows, cols, names);

    int pad = SamplesPlot.PAD;
    int cell = (img.getWidth() - pad) / cols - pad;
    int cellH = 28 * 4;
    for (int r = 0; r < rows; r++) {
      int top = pad + r * (cellH + SamplesPlot.TITLE + pad);
      for (int c = 0; c < cols; c++) {
        // the gap right of each cell (and the right margin), along the title's band
        int gapFrom = pad + c * (cell + pad) + cell + 2;
        int gapTo = pad + (c + 1) * (cell + pad);
        for (int x = gapFrom; x < Math.min(gapTo, img.getWidth()); x++) {
          for (int y = top; y < top + SamplesPlot.TITLE - 2; y++) {
            assertThat(img.getRGB(x, y) & 0xFFFFFF)
                .as("title of row %d, column %d reaches x = %d", r, c, x)
                .isEqualTo(0xFFFFFF);
          }
        }
      }
    }
  }
}
