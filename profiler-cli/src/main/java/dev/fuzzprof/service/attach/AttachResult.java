package dev.fuzzprof.service.attach;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.fuzzprof.analyze.attach.AttachReport;
import dev.fuzzprof.analyze.flame.FlameReport.PathShare;
import java.util.List;

/**
 * What {@code fuzzprof attach} hands its renderers: the measured report and, with
 * {@code --stacks}, the hottest kernel paths of a short profile. In JSON the report's keys come
 * first, flat, then {@code kernelPaths} (null when not asked for) and
 * {@code kernelPathsMissing} (why the profile failed, else null).
 */
public record AttachResult(@JsonUnwrapped AttachReport report, List<PathShare> kernelPaths,
    String kernelPathsMissing) {
  public AttachResult {
    kernelPaths = kernelPaths == null ? null : List.copyOf(kernelPaths);
  }
}
