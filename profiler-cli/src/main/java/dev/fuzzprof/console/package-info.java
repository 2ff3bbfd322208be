/**
 * The JLine console and the live top screen over the same command tree. It draws, reads keys and
 * completes; it computes no figure (each comes from a service) and decides no exit code ({@code
 * Exits} does).
 */
package dev.fuzzprof.console;
