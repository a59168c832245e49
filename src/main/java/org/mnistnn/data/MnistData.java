package org.mnistnn.data;

/** The MNIST training set (60,000 images) and test set (10,000 images). */
public record MnistData(MnistDataset train, MnistDataset test) {}
