/** Model files: the NumPy {@code .npy}/{@code .npz} format that saved networks use. */
package org.mnistnn.model;
