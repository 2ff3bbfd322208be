/**
 * Services: each wires acquire -> parse -> analyze for one command and returns result records (the
 * subpackages attach, campaign, flame, trace), plus {@code SystemFacts}, what every service asks
 * of the machine. A service does not print, write files, choose formats or exit codes, and does
 * not read options: the commands in {@code cli.command} do, and renderers write.
 */
package dev.fuzzprof.service;
