package org.mnistnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import org.mnistnn.util.IoErrors;
import org.mnistnn.util.UserException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and an exit code: {@link UserException} is an expected
 * failure (exit 1, no trace), and so is an {@link IOException} (named by its file and reason);
 * anything else is a bug, reported in one line with a hint to run with {@code --debug} for the
 * trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
    PrintWriter err = cl.getErr();
    boolean debug = parseResult.hasMatchedOption("--debug") || hasDebug(parseResult);
    if (ex instanceof CommandLine.ParameterException pe) {
      err.println("error: " + pe.getMessage());
      err.flush();
      return Main.EXIT_USAGE;
    }
    if (ex instanceof UserException) {
      err.println("error: " + ex.getMessage());
    } else if (ex instanceof IOException io) {
      err.println("error: " + IoErrors.describe(io));
    } else {
      err.println(
          "error: unexpected "
              + ex.getClass().getSimpleName()
              + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
              + (debug ? "" : " (run with --debug for details)"));
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return Main.EXIT_FAILURE;
  }

  private static boolean hasDebug(CommandLine.ParseResult pr) {
    for (CommandLine.ParseResult sub = pr; sub != null; sub = sub.subcommand()) {
      if (sub.hasMatchedOption("--debug")) {
        return true;
      }
    }
    return false;
  }
}
