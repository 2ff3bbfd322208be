/**
 * Renderers: text, JSON, HTML and the top screen, from result records. They print; they do not
 * read or compute.
 */
package dev.fuzzprof.render;
