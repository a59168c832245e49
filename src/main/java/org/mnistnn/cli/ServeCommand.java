package org.mnistnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mnistnn.data.DataLocator;
import org.mnistnn.data.DataSet;
import org.mnistnn.data.MnistDataset;
import org.mnistnn.learn.TwoLayerNet;
import org.mnistnn.model.ModelFile;
import org.mnistnn.training.Trainer;
import org.mnistnn.util.UserException;
import org.mnistnn.web.LiveModel;
import org.mnistnn.web.TestDigits;
import org.mnistnn.web.TrainingFeed;
import org.mnistnn.web.WebServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code serve}: the draw-a-digit page for a saved model, until Ctrl+C. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the draw-a-digit page: draw a digit and watch the network's answer, its hidden"
          + " units and the 28×28 image it sees. Also answers POST /api/predict.",
      "Runs until Ctrl+C."
    })
public final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "A model.npz.")
  Path model;

  @Mixin ServerOptions server;

  @Mixin DataOptions dataOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    server.validate(spec.commandLine());
    PrintWriter err = spec.commandLine().getErr();
    ModelFile.Saved saved = ModelFile.load(model);
    TwoLayerNet net = saved.net();
    TestDigits digits = TestDigits.locate(dataOptions.data, err::println);
    DataSet trained = DataSet.of(saved.meta());
    String note = trained.testSetNote(model.toString(), DataLocator.locate(dataOptions.data).dir());
    if (note != null) {
      err.println(note);
    }
    if (!digits.available()) {
      err.println("note: " + digits.note());
    }
    try (WebServer web = server.start(liveModel(net, trained), digits, null, err)) {
      err.println("press Ctrl+C to stop");
      err.flush();
      new CountDownLatch(1).await();
    }
    return Main.EXIT_OK;
  }

  /** The model the page asks, its classes named as its training data named them. */
  static LiveModel liveModel(TwoLayerNet net, DataSet trained) {
    return trained.classes().size() == net.classes
        ? new LiveModel(net, trained.classes())
        : new LiveModel(net);
  }

  /**
   * For {@code train --serve}: a server whose page follows {@code trainer} (curves, and the draw
   * canvas on the latest weights of {@code net}), naming the classes {@code classNames}.
   */
  static WebServer startLive(
      ServerOptions server,
      Trainer trainer,
      TwoLayerNet net,
      MnistDataset test,
      List<String> classNames,
      PrintWriter err) {
    LiveModel live = new LiveModel(net.copy(), classNames);
    TrainingFeed feed = new TrainingFeed(net, live, 10);
    trainer.addListener(feed);
    return server.start(live, TestDigits.of(test), feed.hub(), err);
  }

  /** After {@code train --serve}: keeps the page up with the final weights until Ctrl+C. */
  static void keepServing(WebServer web, PrintWriter err) throws InterruptedException {
    err.println(
        "training finished; " + web.url() + " keeps serving the final model; Ctrl+C to stop");
    err.flush();
    new CountDownLatch(1).await();
  }

  /** The {@code --port} and {@code --host} options, shared with {@code train --serve}. */
  static final class ServerOptions {
    @Option(
        names = "--port",
        paramLabel = "PORT",
        defaultValue = "8080",
        description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
        names = "--host",
        paramLabel = "ADDRESS",
        defaultValue = "127.0.0.1",
        description =
            "Address to listen on (default: ${DEFAULT-VALUE}, this machine only). Other"
                + " addresses expose the page to the network.")
    String host;

    void validate(CommandLine cl) {
      if (port < 0 || port > 65535) {
        throw new CommandLine.ParameterException(
            cl, "--port must be between 0 and 65535, got " + port);
      }
    }

    /** Starts the server and prints its address. */
    WebServer start(
        LiveModel model, TestDigits digits, org.mnistnn.web.EventHub events, PrintWriter err) {
      try {
        WebServer web = new WebServer(model, digits, events).start(host, port);
        err.println("serving on " + web.url());
        if (!java.net.InetAddress.getByName(host).isLoopbackAddress()) {
          err.println("warning: --host " + host + " lets other machines use this page and its API");
        }
        err.flush();
        return web;
      } catch (BindException e) {
        throw new UserException(
            host
                + ":"
                + port
                + " is in use or not available ("
                + e.getMessage()
                + "); pick another with --port");
      } catch (IOException e) {
        throw new UserException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }
}
