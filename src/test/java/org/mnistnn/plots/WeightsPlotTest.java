package org.mnistnn.plots;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.mnistnn.learn.TwoLayerNet;

class WeightsPlotTest {
  @Test
  void eachTileShowsItsUnitsColumnOfW1InADivergingMap() {
    TwoLayerNet net = new TwoLayerNet(784, 3, 10);
    // Unit 1: pixel 0 excites it (+2), pixel 1 inhibits it (−2), the rest are zero.
    net.W1[0 * 3 + 1] = 2;
    net.W1[1 * 3 + 1] = -2;
    BufferedImage tile = WeightsPlot.tile(net, 1, 28);
    assertThat(tile.getWidth()).isEqualTo(28 * WeightsPlot.SCALE);
    int positive = tile.getRGB(0, 0) & 0xFFFFFF;
    int negative = tile.getRGB(WeightsPlot.SCALE, 0) & 0xFFFFFF;
    int zero = tile.getRGB(2 * WeightsPlot.SCALE, 0) & 0xFFFFFF;
    assertThat(positive).isEqualTo(Colors.diverging(1));
    assertThat(negative).isEqualTo(Colors.diverging(-1));
    assertThat(zero).isEqualTo(Colors.diverging(0));
    // the project's one convention for signed values: blue above zero, red below
    assertThat(positive & 0xFF).as("blue dominates").isGreaterThan((positive >> 16) & 0xFF);
    assertThat((negative >> 16) & 0xFF).as("red dominates").isGreaterThan(negative & 0xFF);
  }

  @Test
  void theGridHoldsEveryUnit() {
    TwoLayerNet net = new TwoLayerNet(784, 100, 10);
    BufferedImage img = WeightsPlot.draw(net);
    int cell = 28 * WeightsPlot.SCALE + WeightsPlot.GAP;
    assertThat(img.getWidth()).isEqualTo(10 * cell + WeightsPlot.GAP);
    assertThat(img.getHeight()).isEqualTo(10 * cell + WeightsPlot.GAP);
  }
}
