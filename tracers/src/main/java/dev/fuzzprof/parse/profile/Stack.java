package dev.fuzzprof.parse.profile;

import java.util.List;

/**
 * A sampled call stack and how many samples had exactly this stack.
 *
 * @param frames outermost caller first, the frame that was running last (the order of collapsed
 *     stacks and of a flame graph from bottom to top)
 * @param count samples with this stack, at least 1
 */
public record Stack(List<Frame> frames, long count) {
  public Stack {
    frames = List.copyOf(frames);
  }

  /** The frame that was on the CPU, or null for an empty stack. */
  public Frame leaf() {
    return frames.isEmpty() ? null : frames.get(frames.size() - 1);
  }

  /** True when the sample was taken in the kernel. */
  public boolean inKernel() {
    Frame leaf = leaf();
    return leaf != null && leaf.kernel();
  }
}
