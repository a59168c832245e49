/**
 * The command line: picocli commands for train, evaluate, predict, gradcheck, serve, bench and
 * download.
 */
package org.mnistnn.cli;
