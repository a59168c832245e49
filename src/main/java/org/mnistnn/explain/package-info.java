/**
 * One SGD step on one digit, with every matrix kept: what the backprop explorer ({@code /step}) and
 * the report's "one step on one digit" section show. {@link org.mnistnn.explain.OneStep} runs the
 * network's own float32 functions on a single image and keeps their results under the names of
 * docs/backprop.md; {@link org.mnistnn.explain.StepsOnOneDigit} repeats the step on a copy of the
 * weights; {@link org.mnistnn.explain.WeightCheck} is the gradient check of one weight, in double
 * precision. {@link org.mnistnn.explain.Variant#NOTEBOOK} rebuilds the original notebook's
 * mismatched forward/backward pair (docs/backprop.md §12) so the check can show it failing.
 */
package org.mnistnn.explain;
