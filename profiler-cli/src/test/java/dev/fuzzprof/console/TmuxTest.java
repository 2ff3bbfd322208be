package dev.fuzzprof.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.cli.Repo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real launcher in a tmux pane, as a person would: send keys, read the screen. The
 * launcher builds fuzzprof on first use, so the first prompt may take a while.
 */
@Tag("live")
class TmuxTest {
  static final long FIRST_PROMPT_MS = 120_000;

  @TempDir Path tmp;

  @BeforeAll
  static void needTmux() {
    boolean ok;
    try {
      ok = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start()
          .waitFor(10, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      ok = false;
    }
    Assumptions.assumeTrue(ok, "tmux is not installed (scripts/install-deps.sh installs it)");
  }

  static String session(String what) {
    return "fp-test-" + what + "-" + ProcessHandle.current().pid();
  }

  static String tmux(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add("tmux");
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return p.exitValue() == 0 ? out : null;
  }

  static String screen(String s) throws IOException, InterruptedException {
    String out = tmux("capture-pane", "-p", "-t", s);
    return out == null ? "" : out;
  }

  static String waitFor(String s, Predicate<String> what, long ms, String waitingFor)
      throws IOException, InterruptedException {
    long end = System.currentTimeMillis() + ms;
    String last = "";
    while (System.currentTimeMillis() < end) {
      last = screen(s);
      if (what.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + waitingFor + "; the screen:\n" + last);
  }

  static boolean alive(String s) throws IOException, InterruptedException {
    return tmux("has-session", "-t", s) != null;
  }

  static String launcher() {
    return Repo.root().resolve("fuzzprof").toString();
  }

  @Test
  void consoleRunsACommandAndLeavesOnCtrlD() throws Exception {
    String s = session("console");
    try {
      tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", s, "-c", Repo.root().toString(),
          "env FUZZPROF_HISTORY=" + tmp.resolve("history") + " " + launcher() + " console");
      waitFor(s, t -> t.contains("fuzzprof>"), FIRST_PROMPT_MS, "the prompt");
      tmux("send-keys", "-t", s, "analyze sample-traces/afl-shmem.strace", "Enter");
      String shown = waitFor(s, t -> t.contains("Findings"), 30_000, "the report");
      assertTrue(shown.contains("gettid getpid tgkill"), shown);
      assertTrue(shown.contains("shmem"), shown);

      // Ctrl-C cancels a running command and the prompt comes back
      tmux("send-keys", "-t", s, "clear-not-a-command", "Enter");
      tmux("send-keys", "-t", s, "top --plain --interval 5s", "Enter");
      Thread.sleep(1500);
      tmux("send-keys", "-t", s, "C-c");
      shown = waitFor(s, t -> t.contains("top: cancelled") && t.strip().endsWith("fuzzprof>"),
          15_000, "the cancel and the prompt after it");
      assertTrue(alive(s), "Ctrl-C must not leave the console");

      tmux("send-keys", "-t", s, "C-d");
      long end = System.currentTimeMillis() + 15_000;
      while (alive(s) && System.currentTimeMillis() < end) {
        Thread.sleep(200);
      }
      assertFalse(alive(s), "Ctrl-D leaves the console (and the pane closes)");
      assertTrue(Files.readString(tmp.resolve("history")).contains("analyze sample-traces"));
    } finally {
      tmux("kill-session", "-t", s);
    }
  }

  @Test
  void topDrawsCoreBarsAndGivesTheShellBackASaneTerminal() throws Exception {
    String s = session("top");
    try {
      tmux("new-session", "-d", "-x", "120", "-y", "40", "-s", s, "-c", Repo.root().toString(),
          "sh");
      Thread.sleep(300);
      tmux("send-keys", "-t", s, launcher() + " top --interval 500ms", "Enter");
      String shown = waitFor(s, t -> t.contains("keys: s sort") && t.matches("(?s).*\\n0 \\[.*"),
          FIRST_PROMPT_MS, "the core bars");
      assertTrue(shown.contains("NAME"), shown);
      tmux("send-keys", "-t", s, "s");
      waitFor(s, t -> t.contains("sort: kernel"), 10_000, "the sort to change");
      tmux("send-keys", "-t", s, "q");
      waitFor(s, t -> !t.contains("keys: s sort"), 10_000, "top to quit");
      Thread.sleep(300);
      tmux("send-keys", "-t", s, "stty -a | tr ' ' '\\n' | grep -x -e -icanon -e icanon -e echo"
          + " -e -echo | tr '\\n' ' '; echo; echo TTY-CHECKED", "Enter");
      shown = waitFor(s, t -> t.lines().anyMatch(l -> l.strip().equals("TTY-CHECKED")),
          15_000, "the shell");
      assertFalse(shown.contains("keys: s sort"), "the alternate screen is gone:\n" + shown);
      assertTrue(shown.contains("icanon echo"), "line editing and echo are back:\n" + shown);

      // Ctrl-C quits as well, and also gives the terminal back
      tmux("send-keys", "-t", s, "clear; " + launcher() + " top --interval 500ms", "Enter");
      waitFor(s, t -> t.contains("keys: s sort") && t.matches("(?s).*\\n0 \\[.*"), 60_000,
          "the core bars again");
      tmux("send-keys", "-t", s, "C-c");
      waitFor(s, t -> !t.contains("keys: s sort"), 10_000, "top to stop on Ctrl-C");
      Thread.sleep(300);
      tmux("send-keys", "-t", s, "stty -a | tr ' ' '\\n' | grep -x -e -icanon -e icanon -e echo"
          + " -e -echo | tr '\\n' ' '; echo; echo TTY-AGAIN", "Enter");
      shown = waitFor(s, t -> t.lines().anyMatch(l -> l.strip().equals("TTY-AGAIN")),
          15_000, "the shell after Ctrl-C");
      assertTrue(shown.contains("icanon echo"), "terminal restored after Ctrl-C:\n" + shown);
    } finally {
      tmux("kill-session", "-t", s);
    }
  }
}
