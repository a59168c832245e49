package org.mnistnn.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.mnistnn.util.GracefulShutdown;
import org.mnistnn.util.MemoryBudget;
import org.mnistnn.util.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code mnist-nn} command line. Exit codes: 0 success, 2 bad usage (unknown flag, bad value),
 * 1 any other failure; expected failures print one line on stderr (with {@code --debug}, the stack
 * trace too).
 */
@Command(
    name = "mnist-nn",
    mixinStandardHelpOptions = true,
    version = "mnist-nn 0.1.0",
    description = "A two-layer neural network that learns to read handwritten digits (MNIST).",
    subcommands = {
      TrainCommand.class,
      EvaluateCommand.class,
      PredictCommand.class,
      ServeCommand.class,
      DownloadCommand.class,
      GradcheckCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  public static final int EXIT_OK = 0;
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;

  /**
   * Training stopped by request (Ctrl-C) after writing a checkpoint: 128 + SIGINT, the shell
   * convention. The process exit status is the signal's own: 130 after Ctrl-C, 143 (128 + 15) after
   * SIGTERM; {@code main} leaves it to the JVM (see {@link GracefulShutdown#exitingOnSignal()}).
   */
  public static final int EXIT_INTERRUPTED = 130;

  @Option(
      names = "--debug",
      scope = CommandLine.ScopeType.INHERIT,
      description = "Print stack traces for errors.")
  boolean debug;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "missing command: try `mnist-nn train` or `mnist-nn --help`");
  }

  /** Builds the configured command line (used by main and by tests). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionStrategy(Main::runReportingMemory);
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(Main::usageError);
    return cl;
  }

  /**
   * Runs the command; an {@link OutOfMemoryError} that the size checks did not foresee becomes one
   * line (through {@link ErrorHandler}) naming the heap and what to make smaller, exit 1. By the
   * time it is caught the arrays of the failed command are unreachable, so the line can be built.
   */
  private static int runReportingMemory(CommandLine.ParseResult parseResult) {
    try {
      return new CommandLine.RunLast().execute(parseResult);
    } catch (OutOfMemoryError e) {
      CommandLine cl = parseResult.commandSpec().commandLine();
      throw new CommandLine.ExecutionException(
          cl,
          "out of memory",
          new UserException(
              "out of memory ("
                  + e.getMessage()
                  + "): the data set, the model or --batch-size/--hidden need more than this"
                  + " JVM's heap ("
                  + MemoryBudget.mb(MemoryBudget.heap())
                  + "); use smaller ones or a larger -Xmx (MNIST_NN_JAVA_OPTS)",
              e));
    }
  }

  private static int usageError(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println(
        "error: "
            + ex.getMessage()
            + didYouMean(ex)
            + " (see `"
            + cl.getCommandSpec().qualifiedName()
            + " --help` for the options)");
    err.flush();
    return EXIT_USAGE;
  }

  /**
   * "; did you mean `--epochs`?" for a mistyped option or command: of picocli's suggestions (the
   * options or subcommands that look alike), those fewest edits away from what was typed; or
   * nothing.
   */
  static String didYouMean(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u)
        || u.getSuggestions().isEmpty()
        || u.getUnmatched().isEmpty()) {
      return "";
    }
    String typed = u.getUnmatched().get(0);
    int best = Integer.MAX_VALUE;
    List<String> closest = new ArrayList<>();
    for (String candidate : u.getSuggestions()) {
      int d = editDistance(typed, candidate);
      if (d < best) {
        best = d;
        closest.clear();
      }
      if (d == best && closest.size() < 3) {
        closest.add(candidate);
      }
    }
    return "; did you mean `" + String.join("` or `", closest) + "`?";
  }

  /** The Levenshtein distance: insertions, deletions and substitutions turning a into b. */
  static int editDistance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + cost);
        diagonal = above;
      }
    }
    return row[b.length()];
  }

  /** Runs the command line and returns the exit code. */
  public static int run(String... args) {
    return commandLine().execute(args);
  }

  public static void main(String[] args) {
    int code = run(args);
    System.out.flush();
    System.err.flush();
    // when a signal is stopping the JVM, this lets the shutdown hook return (see GracefulShutdown)
    GracefulShutdown.mainFinished();
    if (GracefulShutdown.exitingOnSignal()) {
      return; // the JVM is already exiting with the signal's status (130 or 143)
    }
    System.exit(code);
  }
}
