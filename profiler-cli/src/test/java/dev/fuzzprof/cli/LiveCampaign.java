package dev.fuzzprof.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * One real AFL++ campaign on the libjpeg harness (targets/afl_libjpeg.c), shared by every live
 * test of the JVM: started on first use, stopped by {@link #stopShared()} and by a shutdown hook.
 *
 * <p>Sync dir {@code sync}: {@code main} (-M) and {@code s1} (-S), shared-memory build, both under
 * {@code taskset -c 0} with AFL_NO_AFFINITY (a collision on CPU 0); {@code s2} (-S, fork-server
 * build, {@code @@}) under {@code taskset -c 1} with AFL_NO_AFFINITY (alone on CPU 1); then
 * {@code s3} (-S, shared memory) with AFL++'s default affinity, which finds no free CPU and aborts,
 * leaving a folder without fuzzer_stats.
 *
 * <p>Every process runs in its own session ({@code setsid}), with the temp dir as its working
 * directory, and with {@code -V 600} so that AFL++ ends the campaign itself if this JVM dies
 * without running its hooks. When the cpuacct cgroup (v1) is writable, each instance runs in its
 * own group {@code fuzzprof-live-<id>-<name>} and its fork server (with every target process it
 * forks from then on) in the child group {@code target}: the kernel's own CPU accounting of exactly
 * that process tree, which the tests use as the CPU ground truth on a machine shared with other
 * work.
 */
final class LiveCampaign {
  static final List<String> LIVE = List.of("main", "s1", "s2");
  private static final Path CPUACCT = Path.of("/sys/fs/cgroup/cpuacct");
  private static LiveCampaign shared;

  final Path dir;
  final Path sync;
  final Path build;
  private final long startNanos;
  final long startMillis;
  private final Map<String, Instance> instances = new LinkedHashMap<>();
  private final String id;
  private volatile boolean stopped;
  private boolean s3Aborted;
  private String s3Log = "";
  private Thread watcher;
  private final Map<String, List<PlotSeen>> plotSeen = new LinkedHashMap<>();
  private final Map<String, List<StatsSeen>> statsSeen = new LinkedHashMap<>();

  /** One afl-fuzz: its process (pid = afl-fuzz, through setsid and taskset), log and cgroup. */
  record Instance(String name, Process process, Path log, Path cgroup) {}

  /** A plot_data row as the watcher saw it appear: when, its values, the fork server's syscw. */
  record PlotSeen(long nanos, int index, Map<String, Double> row, int fsPid, long syscw) {}

  /** A fuzzer_stats write (last_update changed) as the watcher saw it. */
  record StatsSeen(long nanos, Map<String, String> stats, int fsPid, long syscw) {}

  private LiveCampaign(Path dir, Path build) {
    this.dir = dir;
    this.sync = dir.resolve("sync");
    this.build = build;
    this.id = dir.getFileName().toString().replaceAll("[^A-Za-z0-9]", "");
    this.startMillis = System.currentTimeMillis();
    this.startNanos = System.nanoTime();
  }

  /** The campaign of this JVM, started on first use; skips the caller when tools are missing. */
  static synchronized LiveCampaign shared() throws Exception {
    if (shared == null || shared.stopped) {
      assumeMachine();
      Path build = builtTargets();
      LiveCampaign c = new LiveCampaign(Files.createTempDirectory("fuzzprof-live"), build);
      Runtime.getRuntime().addShutdownHook(new Thread(c::stop, "live-campaign-stop"));
      try {
        c.start();
      } catch (Throwable t) {
        c.stop();
        throw t;
      }
      shared = c;
    }
    return shared;
  }

  static synchronized void stopShared() {
    if (shared != null) {
      shared.stop();
    }
  }

  private static void assumeMachine() throws IOException {
    for (String tool : List.of("afl-fuzz", "afl-clang-fast", "taskset", "setsid")) {
      Assumptions.assumeTrue(LiveTargets.onPath(tool), tool + " is not installed");
    }
    String online = Files.readString(Path.of("/sys/devices/system/cpu/online")).strip();
    Assumptions.assumeTrue(online.equals("0-1") || online.startsWith("0-"),
        "needs CPUs 0 and 1 online, have " + online);
  }

  /** targets/build with the libjpeg builds (afl_libjpeg.c, -ljpeg), made by targets/Makefile. */
  private static Path builtTargets() throws Exception {
    for (String n : List.of("afl_libjpeg_shmem", "afl_libjpeg_forkserver", "libjpeg_seed.jpg")) {
      Targets.builtAfl(n);
    }
    return Repo.root().resolve("targets/build");
  }

  private void start() throws Exception {
    Path in = dir.resolve("in");
    Files.createDirectories(in);
    Files.copy(build.resolve("libjpeg_seed.jpg"), in.resolve("seed.jpg"));
    for (String n : LIVE) {
      plotSeen.put(n, new CopyOnWriteArrayList<>());
      statsSeen.put(n, new CopyOnWriteArrayList<>());
    }
    launch("main", "-M", 0, "afl_libjpeg_shmem", false, true);
    launch("s1", "-S", 0, "afl_libjpeg_shmem", false, true);
    launch("s2", "-S", 1, "afl_libjpeg_forkserver", true, true);
    watcher = new Thread(this::watch, "live-campaign-watcher");
    watcher.setDaemon(true);
    watcher.start();
    // running = the fork server answers and AFL++ wrote its first fuzzer_stats (calibration done)
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    for (String n : LIVE) {
      while (!(forkServerPidOrZero(n) > 0 && Files.exists(instanceDir(n).resolve("fuzzer_stats")))) {
        if (!instances.get(n).process().isAlive()) {
          throw new IllegalStateException("afl-fuzz " + n + " stopped:\n" + log(n));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("afl-fuzz " + n + " did not start in 90 s:\n" + log(n));
        }
        Thread.sleep(100);
      }
    }
    for (String n : LIVE) {
      moveForkServerToTargetGroup(n);
    }
    // s3 with AFL++'s own binding: CPUs 0 and 1 already hold single-CPU masks
    launch("s3", "-S", -1, "afl_libjpeg_shmem", false, false);
    Process s3 = instances.get("s3").process();
    if (!s3.waitFor(30, TimeUnit.SECONDS)) {
      kill(instances.get("s3"));
    }
    s3Log = log("s3");
    s3Aborted = s3Log.contains("No more free CPU cores");
  }

  /**
   * Starts one afl-fuzz in its own session, pinned to cpu with AFL_NO_AFFINITY (cpu >= 0), or
   * with AFL++'s default binding (cpu < 0); in its cpuacct group when one can be made.
   */
  private void launch(String name, String flag, int cpu, String binary, boolean fileInput,
      boolean cgroup) throws IOException {
    Path log = dir.resolve(name + ".log");
    List<String> afl = new ArrayList<>(List.of("afl-fuzz", "-V", "600", "-i", "in", "-o",
        sync.toString(), flag, name, "--", build.resolve(binary).toString()));
    if (fileInput) {
      afl.add("@@");
    }
    List<String> cmd = new ArrayList<>(List.of("setsid"));
    if (cpu >= 0) {
      cmd.addAll(List.of("taskset", "-c", Integer.toString(cpu)));
    }
    cmd.addAll(afl);
    Path group = cgroup ? makeGroup(name) : null;
    if (group != null) {
      // the shell joins the group, then becomes afl-fuzz (exec): one pid all along
      List<String> sh = new ArrayList<>(List.of("sh", "-c",
          "echo $$ > \"$0\" && exec \"$@\"", group.resolve("cgroup.procs").toString()));
      sh.addAll(cmd);
      cmd = sh;
    }
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AFL_"));
    env.put("LC_ALL", "C");
    env.put("AFL_NO_UI", "1");
    env.put("AFL_SKIP_CPUFREQ", "1");
    env.put("AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES", "1");
    if (cpu >= 0) {
      env.put("AFL_NO_AFFINITY", "1");
    }
    instances.put(name, new Instance(name, pb.start(), log, group));
  }

  private Path makeGroup(String name) {
    if (!Files.isWritable(CPUACCT.resolve("cgroup.procs"))) {
      return null;
    }
    try {
      Path g = CPUACCT.resolve("fuzzprof-live-" + id + "-" + name);
      Files.createDirectories(g.resolve("target"));
      return g;
    } catch (IOException e) {
      return null;
    }
  }

  /** From now on the fork server and every process it forks count in GROUP/target too. */
  private void moveForkServerToTargetGroup(String name) {
    Path g = instances.get(name).cgroup();
    if (g == null) {
      return;
    }
    try {
      Files.writeString(g.resolve("target/cgroup.procs"), Integer.toString(forkServerPid(name)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot move " + name + "'s fork server: " + e);
    }
  }

  // ---------------------------------------------------------------- what the tests ask

  /** Seconds since the first afl-fuzz was started. */
  double age() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  void waitUntilAge(double seconds) throws InterruptedException {
    long ms = (long) ((seconds - age()) * 1000);
    if (ms > 0) {
      Thread.sleep(ms);
    }
  }

  Path instanceDir(String name) {
    return sync.resolve(name);
  }

  int aflPid(String name) {
    return (int) instances.get(name).process().pid();
  }

  boolean alive(String name) {
    return instances.get(name).process().isAlive();
  }

  /** The fork server: afl-fuzz's child running the target binary. */
  int forkServerPid(String name) {
    int pid = forkServerPidOrZero(name);
    if (pid <= 0) {
      throw new IllegalStateException("no fork server under afl-fuzz " + name);
    }
    return pid;
  }

  private int forkServerPidOrZero(String name) {
    return children(aflPid(name)).stream().filter(c -> exe(c).startsWith(build.toString()))
        .findFirst().orElse(0);
  }

  /** The fork server's child (the persistent target, or the current one-case process), or 0. */
  int targetPid(String name) {
    return children(forkServerPid(name)).stream().findFirst().orElse(0);
  }

  /** The instance's cpuacct group (afl-fuzz and all it started), or null without cgroups. */
  Path cgroup(String name) {
    return instances.get(name).cgroup();
  }

  /** The group of its fork server and the target processes (GROUP/target), or null. */
  Path targetCgroup(String name) {
    Path g = cgroup(name);
    return g == null ? null : g.resolve("target");
  }

  boolean s3Aborted() {
    return s3Aborted;
  }

  String s3Log() {
    return s3Log;
  }

  String log(String name) {
    try {
      return Files.readString(instances.get(name).log(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  List<PlotSeen> plotSeen(String name) {
    return plotSeen.get(name);
  }

  List<StatsSeen> statsSeen(String name) {
    return statsSeen.get(name);
  }

  // ---------------------------------------------------------------- watching AFL++'s files

  /**
   * Polls plot_data and fuzzer_stats every 25 ms and notes when each new row or write appeared,
   * with the fork server's syscw at that moment: plot_data's relative_time is whole seconds, a
   * ~10 % error on a 10 s span; these times are good to ~25 ms.
   */
  private void watch() {
    Map<String, Long> plotOffset = new LinkedHashMap<>();
    Map<String, Integer> rows = new LinkedHashMap<>();
    Map<String, String> lastUpdate = new LinkedHashMap<>();
    Map<String, List<String>> header = new LinkedHashMap<>();
    while (!stopped) {
      for (String n : LIVE) {
        try {
          watchPlot(n, plotOffset, rows, header);
          watchStats(n, lastUpdate);
        } catch (IOException | RuntimeException e) {
          // a file being rewritten, a fork server being replaced: try again next round
        }
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void watchPlot(String n, Map<String, Long> offsets, Map<String, Integer> rows,
      Map<String, List<String>> header) throws IOException {
    Path plot = instanceDir(n).resolve("plot_data");
    long off = offsets.getOrDefault(n, 0L);
    if (!Files.exists(plot) || Files.size(plot) <= off) {
      return;
    }
    long now = System.nanoTime();
    int fs = forkServerPidOrZero(n);
    long syscw = fs > 0 ? LiveTruth.syscw(fs) : -1;
    byte[] added;
    try (RandomAccessFile f = new RandomAccessFile(plot.toFile(), "r")) {
      f.seek(off);
      added = new byte[(int) (f.length() - off)];
      f.readFully(added);
    }
    String text = new String(added, StandardCharsets.ISO_8859_1);
    int end = text.lastIndexOf('\n');
    if (end < 0) {
      return;
    }
    offsets.put(n, off + end + 1);
    List<String> complete = List.of(text.substring(0, end).split("\n"));
    List<String> data = new ArrayList<>();
    for (String l : complete) {
      if (l.startsWith("#")) {
        header.put(n, LiveTruth.plotHeader(l));
      } else if (!l.isBlank()) {
        data.add(l);
      }
    }
    for (int i = 0; i < data.size(); i++) {
      int index = rows.merge(n, 1, Integer::sum) - 1;
      // only a row that appeared alone in this poll gets this poll's time
      if (data.size() == 1 && header.containsKey(n)) {
        plotSeen.get(n).add(new PlotSeen(now, index, LiveTruth.plotRow(header.get(n), data.get(i)),
            fs, syscw));
      }
    }
  }

  private void watchStats(String n, Map<String, String> lastUpdate) throws IOException {
    Path stats = instanceDir(n).resolve("fuzzer_stats");
    if (!Files.exists(stats)) {
      return;
    }
    long now = System.nanoTime();
    int fs = forkServerPidOrZero(n);
    long syscw = fs > 0 ? LiveTruth.syscw(fs) : -1;
    Map<String, String> s = LiveTruth.fuzzerStats(instanceDir(n));
    String u = s.get("last_update");
    if (u != null && !u.equals(lastUpdate.get(n))) {
      lastUpdate.put(n, u);
      statsSeen.get(n).add(new StatsSeen(now, s, fs, syscw));
    }
  }

  // ---------------------------------------------------------------- stopping

  /** Kills every afl-fuzz and target this campaign started, removes its groups and temp dir. */
  synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    for (Instance i : instances.values()) {
      kill(i);
    }
    // anything left that runs in our temp dir (an orphaned target) goes too
    for (int round = 0; round < 3; round++) {
      List<ProcessHandle> left = ProcessHandle.allProcesses().filter(this::ours).toList();
      if (left.isEmpty()) {
        break;
      }
      left.forEach(ProcessHandle::destroyForcibly);
      sleep(200);
    }
    for (Instance i : instances.values()) {
      if (i.cgroup() != null) {
        removeGroup(i.cgroup().resolve("target"));
        removeGroup(i.cgroup());
      }
    }
    if (System.getProperty("fuzzprof.keepLive") == null) {
      try (Stream<Path> all = Files.walk(dir)) {
        all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp dir left behind
      }
    } else {
      System.out.println("live campaign kept in " + dir);
    }
  }

  private void kill(Instance i) {
    ProcessHandle afl = i.process().toHandle();
    List<ProcessHandle> tree = afl.descendants().toList();
    Optional<Integer> fs = tree.stream().map(h -> (int) h.pid()).findFirst();
    afl.destroyForcibly();
    tree.forEach(ProcessHandle::destroyForcibly);
    // the whole sessions: afl-fuzz's (setsid) and the fork server's (AFL++ calls setsid too)
    signalGroup((int) afl.pid());
    fs.ifPresent(this::signalGroup);
    try {
      i.process().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void signalGroup(int pgid) {
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + pgid).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // gone already
    }
  }

  private boolean ours(ProcessHandle h) {
    if (h.pid() == ProcessHandle.current().pid()) {
      return false;
    }
    try {
      return Files.readSymbolicLink(Path.of("/proc/" + h.pid() + "/cwd")).equals(dir);
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  private static void removeGroup(Path g) {
    for (int i = 0; i < 20 && Files.isDirectory(g); i++) {
      try {
        Files.delete(g);
      } catch (IOException e) {
        sleep(100); // tasks still leaving
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- /proc

  static List<Integer> children(int pid) {
    List<Integer> out = new ArrayList<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path t : tasks.toList()) {
        String c = Files.readString(t.resolve("children")).strip();
        if (!c.isEmpty()) {
          for (String s : c.split("\\s+")) {
            out.add(Integer.parseInt(s));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // exited
    }
    return out;
  }

  static String exe(int pid) {
    try {
      return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).toString();
    } catch (IOException e) {
      return "";
    }
  }
}
