/**
 * Reads AFL/AFL++ output directories: instance folders and their files, as text. No parsing here:
 * {@code dev.fuzzprof.parse.afl} parses.
 */
package dev.fuzzprof.acquire.afl;
