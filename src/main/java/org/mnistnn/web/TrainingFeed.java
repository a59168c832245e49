package org.mnistnn.web;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.training.TrainingListener;

/**
 * Follows a training run for the page: streams the smoothed loss and the test accuracy as
 * server-sent events, and publishes a copy of the weights to the {@link LiveModel} after every
 * evaluation, so the draw canvas asks the latest network.
 *
 * <p>All listener methods run on the training thread, which is the only writer of the weights, so
 * {@link TwoLayerNet#copy()} there reads one consistent step; the copy is then handed over whole
 * through the {@link LiveModel}'s atomic reference. The history kept for late-joining browsers is
 * thinned (every other point dropped) whenever it passes {@link #MAX_POINTS}.
 */
public final class TrainingFeed implements TrainingListener {
  /** Loss points kept for browsers that connect mid-run. */
  static final int MAX_POINTS = 4000;

  private final TwoLayerNet net;
  private final LiveModel model;
  private final EventHub hub = new EventHub(this::history);
  private final int lossEvery;

  private final List<double[]> loss = new ArrayList<>();
  private final List<double[]> accuracy = new ArrayList<>();
  private int stride = 1;
  private long firstStep;
  private long totalSteps;
  private int epochs;
  private String state = "waiting";

  /**
   * @param net the network being trained (read only on the training thread)
   * @param lossEvery send the smoothed loss every this many steps
   */
  public TrainingFeed(TwoLayerNet net, LiveModel model, int lossEvery) {
    this.net = net;
    this.model = model;
    this.lossEvery = Math.max(1, lossEvery);
  }

  public EventHub hub() {
    return hub;
  }

  @Override
  public void started(long firstStep, long totalSteps, int epochs) {
    synchronized (this) {
      this.firstStep = firstStep;
      this.totalSteps = totalSteps;
      this.epochs = epochs;
      this.state = "training";
    }
    model.publish(net.copy(), firstStep, true);
    hub.publish("started", progress(firstStep));
  }

  @Override
  public void stepped(long step, int epoch, double smoothedLoss) {
    if (step % lossEvery != 0 || !Double.isFinite(smoothedLoss)) {
      return;
    }
    boolean keep;
    synchronized (this) {
      keep = step % ((long) lossEvery * stride) == 0;
      if (keep) {
        loss.add(new double[] {step, smoothedLoss});
        if (loss.size() > MAX_POINTS) {
          thin();
        }
      }
    }
    JsonObject o = progress(step);
    o.addProperty("epoch", epoch);
    o.addProperty("loss", smoothedLoss);
    hub.publish("loss", o);
  }

  @Override
  public void evaluated(long step, int epoch, double testAccuracy) {
    model.publish(net.copy(), step, true);
    synchronized (this) {
      accuracy.add(new double[] {step, testAccuracy});
    }
    JsonObject o = progress(step);
    o.addProperty("epoch", epoch);
    o.addProperty("accuracy", testAccuracy);
    hub.publish("accuracy", o);
  }

  @Override
  public void finished() {
    long step = model.get().step();
    synchronized (this) {
      state = "finished";
    }
    model.publish(net.copy(), step, false);
    hub.publish("finished", progress(step));
  }

  /** Keeps every other loss point and halves the rate of new ones. */
  private void thin() {
    List<double[]> kept = new ArrayList<>();
    for (int i = 0; i < loss.size(); i += 2) {
      kept.add(loss.get(i));
    }
    loss.clear();
    loss.addAll(kept);
    stride *= 2;
  }

  private synchronized JsonObject progress(long step) {
    JsonObject o = new JsonObject();
    o.addProperty("step", step);
    o.addProperty("first_step", firstStep);
    o.addProperty("total_steps", totalSteps);
    o.addProperty("epochs", epochs);
    o.addProperty("state", state);
    return o;
  }

  /** Everything so far, for a browser that has just connected. */
  synchronized JsonObject history() {
    JsonObject o = progress(model.get().step());
    o.add("loss", points(loss));
    o.add("accuracy", points(accuracy));
    return o;
  }

  private static JsonArray points(List<double[]> list) {
    JsonArray a = new JsonArray(list.size());
    for (double[] p : list) {
      JsonArray pt = new JsonArray(2);
      pt.add((long) p[0]);
      pt.add(p[1]);
      a.add(pt);
    }
    return a;
  }
}
