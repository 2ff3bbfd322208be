/**
 * The one exception a user can act on, with its kind; the command layer maps kinds to exit codes.
 */
package dev.fuzzprof.problem;
