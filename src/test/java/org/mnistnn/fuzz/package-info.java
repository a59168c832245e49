/**
 * Property-based tests (jqwik) and fuzzing of every parser of outside data: random and mutated
 * inputs end in a parsed value or the documented one-line error, within bounded memory. Each
 * property's {@code tries} is chosen so the whole suite runs in well under a minute.
 */
package org.mnistnn.fuzz;
