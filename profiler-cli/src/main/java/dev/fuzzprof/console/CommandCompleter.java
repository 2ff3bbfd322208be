package dev.fuzzprof.console;

import dev.fuzzprof.cli.command.OutputFormat;
import dev.fuzzprof.cli.command.OutputOptions;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jline.builtins.Completers;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completes from the picocli model itself, so whatever commands the CLI has, the console
 * completes: command names, then a command's options, then what an option or parameter takes
 * (its listed values, an enum's constants, a pid of a running fuzzer, or a path).
 */
public final class CommandCompleter implements Completer {
  private final CommandLine root;
  private final Supplier<Map<Integer, String>> pids;
  private final Completer files = new Completers.FileNameCompleter();

  public CommandCompleter(CommandLine root, Supplier<Map<Integer, String>> pids) {
    this.root = root;
    this.pids = pids;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> out) {
    List<String> words = line.words();
    int at = line.wordIndex();
    String word = line.word() == null ? "" : line.word().substring(0,
        Math.min(line.wordCursor(), line.word().length()));
    CommandLine cmd = root;
    int i = 0;
    while (i < at && cmd.getSubcommands().containsKey(words.get(i))) {
      cmd = cmd.getSubcommands().get(words.get(i));
      i++;
    }
    if (cmd == root) {
      if (at == 0) {
        for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
          out.add(candidate(e.getKey(), "command", description(e.getValue().getCommandSpec())));
        }
        out.add(candidate("exit", "command", "leave the console"));
        out.add(candidate("quit", "command", "leave the console"));
      }
      return;
    }
    CommandSpec spec = cmd.getCommandSpec();
    if (spec.userObject() instanceof CommandLine.HelpCommand) {
      for (String name : root.getSubcommands().keySet()) {
        out.add(candidate(name, "command", null));
      }
      return;
    }
    // the word before: an option waiting for its value?
    if (at > i) {
      OptionSpec prev = spec.findOption(words.get(at - 1));
      if (prev != null && prev.arity().max() > 0 && !word.startsWith("-")) {
        values(prev, reader, line, out);
        return;
      }
    }
    if (word.startsWith("-")) {
      for (OptionSpec o : spec.options()) {
        if (o.hidden()) {
          continue;
        }
        for (String n : o.names()) {
          out.add(candidate(n, "option", o.description().length > 0 ? o.description()[0] : null));
        }
      }
      return;
    }
    // a positional parameter: count the positional words before this one
    int positional = 0;
    for (int k = i; k < at; k++) {
      String w = words.get(k);
      OptionSpec o = w.startsWith("-") ? spec.findOption(w) : null;
      if (o != null) {
        if (o.arity().max() > 0 && !w.contains("=")) {
          k++;
        }
      } else if (!w.startsWith("-")) {
        positional++;
      }
    }
    PositionalParamSpec target = null;
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (p.index().contains(positional) && !p.hidden()) {
        target = p;
        break;
      }
    }
    if (target != null) {
      values(target, reader, line, out);
    }
  }

  private void values(ArgSpec arg, LineReader reader, ParsedLine line, List<Candidate> out) {
    // --format: only what this command writes (picocli would offer every constant)
    if (arg.type() == OutputFormat.class) {
      Object owner = arg.command().userObject();
      for (OutputFormat f : owner instanceof OutputOptions o ? o.formats()
          : OutputOptions.formatsOf(owner)) {
        out.add(candidate(f.name(), "value", null));
      }
      return;
    }
    if (arg.completionCandidates() != null) {
      for (String v : arg.completionCandidates()) {
        out.add(candidate(v, "value", null));
      }
      return;
    }
    Class<?> type = arg.type();
    if (type.isEnum()) {
      for (Object c : type.getEnumConstants()) {
        out.add(candidate(c.toString(), "value", null));
      }
      return;
    }
    String label = arg.paramLabel().toUpperCase(Locale.ROOT);
    boolean pidLike = label.contains("PID")
        || (arg instanceof OptionSpec o && List.of(o.names()).stream()
            .anyMatch(n -> n.toLowerCase(Locale.ROOT).contains("pid") || n.equals("-p")));
    if (pidLike) {
      pids.get().forEach((pid, what) -> out.add(candidate(Integer.toString(pid), "pid", what)));
      return;
    }
    if (type == Path.class || type == File.class || type == String.class) {
      files.complete(reader, line, out);
    }
  }

  private static String description(CommandSpec spec) {
    String[] d = spec.usageMessage().description();
    if (d.length == 0) {
      return null;
    }
    String first = d[0];
    int dot = first.indexOf(". ");
    first = dot > 0 ? first.substring(0, dot) : first;
    return first.length() > 60 ? first.substring(0, 57) + "..." : first;
  }

  private static Candidate candidate(String value, String group, String description) {
    return new Candidate(value, value, group, description, null, null, true);
  }
}
