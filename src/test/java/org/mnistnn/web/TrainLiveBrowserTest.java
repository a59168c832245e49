package org.mnistnn.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mnistnn.TestData;
import org.mnistnn.data.MnistData;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.testing.Browser;
import org.mnistnn.training.TrainConfig;
import org.mnistnn.training.Trainer;
import org.mnistnn.training.TrainingListener;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code train --serve} as a browser sees it: the curves grow while training runs, and the pad is
 * answered by the latest weights (the step shown moves on).
 */
class TrainLiveBrowserTest {
  private static final long PAUSE = 500;

  @Test
  void curvesGrowAndTheAnswerFollowsTheWeights() throws Exception {
    MnistData data = TestData.mnist();
    TwoLayerNet net = TwoLayerNet.initialised(784, 100, 10, new Random(2));
    LiveModel live = new LiveModel(net.copy());
    TrainingFeed feed = new TrainingFeed(net, live, 10);
    // 8 epochs of 4,000 images, evaluated on 1,000 test images every 100 steps: ~2,000 steps
    TrainConfig config = new TrainConfig(8, 16, 0.02f, 1e-4f, true, 100, 2, 100, 10);
    Trainer trainer = new Trainer(config, net, 0);
    trainer.addListener(feed);
    // hold training at step 500 (just after its weights are published) until the page has shown
    // them, so the test does not depend on how fast this machine trains
    CountDownLatch release = new CountDownLatch(1);
    trainer.addListener(
        new TrainingListener() {
          @Override
          public void evaluated(long step, int epoch, double accuracy) {
            if (step == PAUSE) {
              try {
                release.await(120, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }
        });
    Thread training =
        new Thread(() -> trainer.train(data.train().slice(0, 4000), data.test().slice(0, 1000), 0));
    try (WebServer server =
        new WebServer(live, TestDigits.of(data.test()), feed.hub()).start("127.0.0.1", 0)) {
      Browser browser = Browser.start(1100, 1000, false);
      ChromeDriver driver = browser.driver();
      try {
        driver.get(server.url());
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
        wait.until(
            d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(driver.findElement(By.id("training")).isDisplayed()).isTrue();
        training.start();
        DrawPageBrowserTest.drawWith(driver, DrawPageBrowserTest.verticalStroke());
        // paused at step 500: the pad has been answered again with that step's weights
        wait.until(d -> stepShown(driver) == PAUSE);
        assertThat(driver.findElement(By.id("train-status")).getText())
            .contains("step 500 of 2,000")
            .contains("test accuracy");
        Long lossPoints = (Long) driver.executeScript("return run.loss.length;");
        assertThat(lossPoints).isEqualTo(PAUSE / 10);
        release.countDown();
        wait.until(d -> d.findElement(By.id("train-status")).getText().startsWith("finished"));
        long finalPoints = (Long) driver.executeScript("return run.loss.length;");
        assertThat(finalPoints).isGreaterThan(lossPoints);
        // the pad was re-asked with the final weights
        wait.until(d -> stepShown(driver) == trainer.step());
        assertThat(driver.findElement(By.id("digit")).getText()).isEqualTo("1");
        DrawPageBrowserTest.saveFullPage(
            driver, Path.of("target", "screenshots", "train-live.png"));
        assertThat(browser.consoleErrors()).isEmpty();
      } finally {
        release.countDown();
        trainer.requestStop();
        training.join();
        browser.close();
      }
    }
  }

  private static long stepShown(ChromeDriver driver) {
    String s = driver.findElement(By.id("model-state")).getText();
    return s.startsWith("weights of step ") ? Long.parseLong(s.substring(16)) : -1;
  }
}
