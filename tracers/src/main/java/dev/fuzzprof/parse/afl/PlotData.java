package dev.fuzzprof.parse.afl;

import java.util.List;

/** An instance's {@code plot_data}: execs/s over time. */
public record PlotData(List<PlotPoint> points, List<String> warnings) {}
