package dev.fuzzprof.console;

import dev.fuzzprof.acquire.proc.FuzzerProcesses;
import dev.fuzzprof.acquire.proc.FuzzerProcesses.FuzzerProcess;
import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.parse.afl.AflArgs;
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
    for (FuzzerProcess f : new FuzzerProcesses(proc).running()) {
      AflArgs a = f.args();
      out.put(f.pid(), "afl-fuzz" + (a.role().flag().isEmpty() ? "" : " " + a.role().flag() + " "
          + a.name()));
      for (int child : proc.descendants(f.pid())) {
        out.putIfAbsent(child, "target " + proc.comm(child).orElse("?") + " of afl-fuzz "
            + f.pid());
      }
    }
    List<Integer> others = new ArrayList<>();
    for (int pid : proc.pids()) {
      Optional<String> comm = proc.comm(pid);
      if (comm.isPresent() && !out.containsKey(pid)
          && comm.get().toLowerCase(java.util.Locale.ROOT).contains("fuzz")) {
        others.add(pid);
      }
    }
    for (int pid : others) {
      out.putIfAbsent(pid, proc.comm(pid).orElse("?"));
    }
    return out;
  }
}
