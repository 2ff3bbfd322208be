/**
 * Renderers: text, JSON, HTML and the top screen, from result records. They print; they do not
 * read or compute. They never call a service, run a tool or read /proc: what they show arrives as
 * records.
 */
package dev.fuzzprof.render;
