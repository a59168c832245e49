/**
 * MNIST-style preprocessing of arbitrary pictures of digits, shared by {@code predict} and the
 * draw-a-digit page: decode ({@link org.mnistnn.image.ImageFiles}), grey-scale ({@link
 * org.mnistnn.image.GrayImage}), make the ink white on black, crop to the ink, scale the longer
 * side to 20 px with area averaging ({@link org.mnistnn.image.Resample}) and place the result in a
 * 28×28 field with its centre of mass at pixel (14, 14) ({@link
 * org.mnistnn.image.MnistPreprocessor}) — the steps by which the MNIST digits themselves were
 * normalised.
 */
package org.mnistnn.image;
