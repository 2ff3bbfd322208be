/**
 * One thin picocli command per subcommand: options, one call into a service, a renderer. No
 * computing here.
 */
package dev.fuzzprof.cli.command;
