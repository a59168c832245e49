package org.mnistnn.data;

import java.util.List;

/** Keeps the notes a fetch produces, and checks that transfers start and finish in pairs. */
final class RecordingListener implements FetchListener {
  private final List<String> notes;
  private boolean inTransfer;

  RecordingListener(List<String> notes) {
    this.notes = notes;
  }

  @Override
  public void note(String line) {
    notes.add(line);
  }

  @Override
  public void started(String task, long totalBytes) {
    assert !inTransfer : "started twice";
    inTransfer = true;
  }

  @Override
  public void advanced(long bytes) {
    assert inTransfer : "progress outside a transfer";
  }

  @Override
  public void finished() {
    assert inTransfer : "finished without start";
    inTransfer = false;
  }
}
