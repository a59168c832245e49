/**
 * Small pieces every layer needs to fail well: {@link org.mnistnn.util.UserException} (an expected
 * failure shown as one line), {@link org.mnistnn.util.AtomicFiles} (nothing half-written on disk),
 * {@link org.mnistnn.util.IoErrors} (I/O failures in words) and {@link
 * org.mnistnn.util.GracefulShutdown} (Ctrl-C and SIGTERM finish the current step first).
 */
package org.mnistnn.util;
