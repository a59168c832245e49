package org.mnistnn.cli;

import java.util.concurrent.Callable;
import org.mnistnn.data.MnistData;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code download}: fetch and verify the data set. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = "Fetch the four MNIST files and verify their SHA-256 checksums.")
public final class DownloadCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    MnistData d = dataOptions.load(msg -> spec.commandLine().getErr().println(msg));
    spec.commandLine()
        .getOut()
        .println(
            "MNIST ready: "
                + d.train().count()
                + " training and "
                + d.test().count()
                + " test images");
    return Main.EXIT_OK;
  }
}
