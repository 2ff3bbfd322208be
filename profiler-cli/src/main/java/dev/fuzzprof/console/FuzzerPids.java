package dev.fuzzprof.console;

import dev.fuzzprof.acquire.proc.ProcFs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pids worth completing: running afl-fuzz processes, their fork servers and targets, and
 * processes whose name says fuzz (libFuzzer binaries are usually called {@code *_fuzzer}).
 */
public final class FuzzerPids {
  private final ProcFs proc;

  public FuzzerPids(ProcFs proc) {
    this.proc = proc;
  }

  /** Pid and a short description, afl-fuzz processes first. */
  public Map<Integer, String> find() {
    Map<Integer, String> out = new LinkedHashMap<>();
    List<Integer> others = new ArrayList<>();
    for (int pid : proc.pids()) {
      Optional<String> comm = proc.comm(pid);
      if (comm.isEmpty()) {
        continue;
      }
      if (comm.get().equals("afl-fuzz")) {
        List<String> args = proc.cmdline(pid);
        out.put(pid, "afl-fuzz" + instanceFlag(args));
        for (int child : proc.descendants(pid)) {
          out.putIfAbsent(child, "target " + proc.comm(child).orElse("?") + " of afl-fuzz " + pid);
        }
      } else if (comm.get().toLowerCase(java.util.Locale.ROOT).contains("fuzz")) {
        others.add(pid);
      }
    }
    for (int pid : others) {
      out.putIfAbsent(pid, proc.comm(pid).orElse("?"));
    }
    return out;
  }

  private static String instanceFlag(List<String> args) {
    for (int i = 1; i + 1 < args.size(); i++) {
      if (args.get(i).equals("--")) {
        break;
      }
      if (args.get(i).equals("-M") || args.get(i).equals("-S")) {
        return " " + args.get(i) + " " + args.get(i + 1);
      }
    }
    return "";
  }
}
