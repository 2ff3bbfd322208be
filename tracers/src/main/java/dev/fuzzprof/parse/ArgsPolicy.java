package dev.fuzzprof.parse;

import java.util.Set;

/**
 * Which calls keep their argument text. Copying the arguments of every line is the largest cost
 * of parsing a long trace, and most consumers only look at a few: {@link #ALL} keeps every one,
 * {@link #essential} keeps those of the named syscalls plus the first few calls of every other
 * syscall (as examples); the rest get an empty string.
 */
public final class ArgsPolicy {
  public static final ArgsPolicy ALL = new ArgsPolicy(null, Integer.MAX_VALUE);

  private final Set<String> always;
  private final int firstOfEach;

  private ArgsPolicy(Set<String> always, int firstOfEach) {
    this.always = always;
    this.firstOfEach = firstOfEach;
  }

  /** Keeps the arguments of {@code always}, and of the first {@code firstOfEach} of any other. */
  public static ArgsPolicy essential(Set<String> always, int firstOfEach) {
    return new ArgsPolicy(Set.copyOf(always), firstOfEach);
  }

  /** Whether the {@code nth} call (from 1) of syscall {@code name} keeps its arguments. */
  boolean keeps(String name, long nth) {
    return always == null || nth <= firstOfEach || always.contains(name);
  }

  /** Whether the {@code nth} call of a syscall that is not one of {@code always} keeps them. */
  boolean keepsNth(long nth) {
    return nth <= firstOfEach;
  }

  boolean keepsAll() {
    return always == null;
  }
}
