package org.mnistnn.eval;

import org.mnistnn.util.UserException;

/**
 * Refuses outputs that are not numbers. A model's weights can be finite and still so large (3e38,
 * say) that the scores overflow and softmax gives NaN: an answer of "0 (NaN%)" would be a wrong
 * answer given as a right one, so it is an error instead.
 */
public final class FiniteOutputs {
  private FiniteOutputs() {}

  /** The network's output is not a finite number. */
  public static final class NotFiniteException extends UserException {
    private static final long serialVersionUID = 1L;

    NotFiniteException(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code rows} rows of {@code probs} (rows × classes) from index {@code offset}.
   *
   * @param what names the first row's input in the message, e.g. "test image 17" or a file
   * @param first the index of the first row, added to the row number in the message
   * @throws NotFiniteException at the first value that is NaN or infinite
   */
  public static void require(
      float[] probs, int offset, int rows, int classes, String what, int first) {
    for (int i = 0; i < rows * classes; i++) {
      if (!Float.isFinite(probs[offset + i])) {
        throw new NotFiniteException(
            "the network's output for "
                + what
                + (first < 0 ? "" : " " + (first + i / classes))
                + " is not a number ("
                + probs[offset + i]
                + "): its weights are too large to compute with; the model is unusable, train"
                + " a new one");
      }
    }
  }
}
