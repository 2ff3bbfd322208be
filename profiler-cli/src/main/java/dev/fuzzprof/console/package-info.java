/**
 * The JLine console and the live top screen over the same command tree.
 */
package dev.fuzzprof.console;
