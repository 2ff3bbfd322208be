package dev.fuzzprof.analyze.top;

import java.util.List;

/** Two or more busy instances bound to the same single CPU. */
public record Collision(int cpu, List<String> instances) {}
