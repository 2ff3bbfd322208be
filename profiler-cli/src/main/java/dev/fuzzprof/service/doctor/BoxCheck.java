package dev.fuzzprof.service.doctor;

import dev.fuzzprof.acquire.proc.ProcFs;
import dev.fuzzprof.acquire.sys.BoxFactsReader;
import dev.fuzzprof.analyze.doctor.DoctorAnalyzer;
import dev.fuzzprof.analyze.doctor.DoctorReport;
import dev.fuzzprof.parse.sys.BoxFacts;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the box and judges it for a planned campaign; read-only. */
public final class BoxCheck {
  private BoxCheck() {}

  /**
   * @param proc the /proc to read (its {@code self} is the process whose CPUs and limits the
   *     campaign will inherit)
   * @param sysRoot the directory that plays /sys
   */
  public static DoctorReport check(ProcFs proc, Path sysRoot, DoctorRequest req) {
    Optional<Path> tmp = Optional.ofNullable(req.env().get("AFL_TMPDIR"))
        .filter(s -> !s.isEmpty()).map(Path::of);
    BoxFacts facts = BoxFactsReader.read(proc, sysRoot, req.outputDir(), tmp,
        req.limitsPid());
    return DoctorAnalyzer.analyze(facts, new DoctorAnalyzer.Plan(req.instances(),
        req.outputDir().map(Path::toString), req.env(), req.bindsWithB(), req.ownFuzzerPids()));
  }

  /** This machine: /proc and /sys. */
  public static DoctorReport live(DoctorRequest req) {
    return check(ProcFs.live(), Path.of("/sys"), req);
  }
}
