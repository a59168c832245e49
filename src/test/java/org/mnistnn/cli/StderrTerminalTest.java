package org.mnistnn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StderrTerminalTest {
  @Test
  void theLaunchersAnswerDecides() {
    assertThat(StderrTerminal.detect("")).as("launcher: stderr is not a terminal").isNull();
    assertThat(StderrTerminal.detect("/dev/pts/7")).isNotNull();
  }

  @Test
  void withoutTheLauncherStderrItselfIsAsked() {
    // surefire hands the forked JVM pipes, whatever stdin and stdout are
    assertThat(StderrTerminal.detect(null)).isNull();
  }

  @Test
  void readsTheColumnsOfSttySize() {
    assertThat(StderrTerminal.parseColumns("24 80\n")).isEqualTo(80);
    assertThat(StderrTerminal.parseColumns("50 213")).isEqualTo(213);
    assertThat(StderrTerminal.parseColumns("")).isEqualTo(StderrTerminal.DEFAULT_COLUMNS);
    assertThat(StderrTerminal.parseColumns(null)).isEqualTo(StderrTerminal.DEFAULT_COLUMNS);
    assertThat(StderrTerminal.parseColumns("24 0")).isEqualTo(StderrTerminal.DEFAULT_COLUMNS);
  }
}
