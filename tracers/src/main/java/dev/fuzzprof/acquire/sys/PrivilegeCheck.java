package dev.fuzzprof.acquire.sys;

import dev.fuzzprof.parse.sys.Privileges;
import dev.fuzzprof.parse.sys.PrivilegesParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads what the kernel decides privileges by, under a root of the caller's choosing ({@code /}
 * live, a fake tree in tests): {@code proc/sys/kernel/perf_event_paranoid},
 * {@code proc/sys/kernel/yama/ptrace_scope}, {@code proc/self/status} and whether tracefs's
 * {@code events} can be read; {@link PrivilegesParser} makes the record.
 */
public final class PrivilegeCheck {
  private static final String[] TRACEFS_EVENTS = {
      "sys/kernel/tracing/events", "sys/kernel/debug/tracing/events"};

  private PrivilegeCheck() {}

  /** This process on this machine. */
  public static Privileges live() {
    return read(Path.of("/"), Posix.euid());
  }

  /** The files under {@code root}, for a process of effective uid {@code euid}. */
  public static Privileges read(Path root, int euid) {
    boolean tracefs = false;
    for (String events : TRACEFS_EVENTS) {
      Path p = root.resolve(events);
      tracefs |= Files.isDirectory(p) && Files.isReadable(p);
    }
    return PrivilegesParser.parse(
        text(root.resolve("proc/sys/kernel/perf_event_paranoid")),
        text(root.resolve("proc/sys/kernel/yama/ptrace_scope")),
        euid, tracefs, text(root.resolve("proc/self/status")));
  }

  /** The effective uid of a live process, from /proc/PID/status; empty when it is gone. */
  public static OptionalInt uidOf(long pid) {
    return uidOf(Path.of("/"), pid);
  }

  public static OptionalInt uidOf(Path root, long pid) {
    String status = text(root.resolve("proc/" + pid + "/status"));
    return status == null ? OptionalInt.empty() : PrivilegesParser.effectiveUid(status);
  }

  /**
   * Why this process ({@code self}) may not ptrace live process {@code pid}, whose uid and
   * permitted capabilities come from /proc/PID/status; empty when it may, or when the process
   * is gone.
   */
  public static Optional<String> whyNoPtrace(Privileges self, long pid) {
    return whyNoPtrace(Path.of("/"), self, pid);
  }

  public static Optional<String> whyNoPtrace(Path root, Privileges self, long pid) {
    String status = text(root.resolve("proc/" + pid + "/status"));
    if (status == null) {
      return Optional.empty();
    }
    OptionalInt uid = PrivilegesParser.effectiveUid(status);
    if (uid.isEmpty()) {
      return Optional.empty();
    }
    return self.whyNoPtrace(uid.getAsInt(), PrivilegesParser.capPrm(status).orElse(0));
  }

  /**
   * Why this process ({@code self}) may not sample live process {@code pid} with perf (see
   * {@link Privileges#whyNoSampling}); empty when it may, or when the process is gone.
   */
  public static Optional<String> whyNoSampling(Privileges self, long pid) {
    return whyNoSampling(Path.of("/"), self, pid);
  }

  public static Optional<String> whyNoSampling(Path root, Privileges self, long pid) {
    String status = text(root.resolve("proc/" + pid + "/status"));
    if (status == null) {
      return self.whyNoSampling(self.euid(), 0);
    }
    OptionalInt uid = PrivilegesParser.effectiveUid(status);
    return self.whyNoSampling(uid.orElse(self.euid()), PrivilegesParser.capPrm(status).orElse(0));
  }

  private static String text(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
