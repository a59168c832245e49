/**
 * Data augmentation on the fly: every epoch shows the network a slightly different version of each
 * training digit. {@link org.mnistnn.augment.AffineAugmenter} shifts, rotates and scales; {@link
 * org.mnistnn.augment.ElasticAugmenter} applies the elastic distortions of Simard et al. (2003).
 *
 * <p>Everything is reproducible: the random numbers for one image are drawn from a generator seeded
 * by (run seed, epoch, image index) alone ({@link org.mnistnn.augment.AugmentSeeds}), so the same
 * image in the same epoch is distorted the same way whichever thread prepares it and whether or not
 * the run was interrupted and resumed. Depends on nothing but the JDK.
 */
package org.mnistnn.augment;
