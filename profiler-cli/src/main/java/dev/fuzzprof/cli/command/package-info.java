/**
 * One thin picocli command per subcommand: options, one call into a service, a renderer. No
 * computing here. Options are read and checked here (one {@code DurationOption}, one {@code
 * OutputOptions}); files are written only through {@code OutputOptions}, never by a service.
 */
package dev.fuzzprof.cli.command;
