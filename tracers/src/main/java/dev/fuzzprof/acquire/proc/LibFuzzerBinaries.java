package dev.fuzzprof.acquire.proc;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether an executable has libFuzzer linked in: it holds both the name of the entry point
 * libFuzzer calls ({@code LLVMFuzzerTestOneInput}, in the symbol tables) and libFuzzer's
 * {@code INFO: Seed: } message (in its read-only data, there even in a stripped binary). The
 * answer is kept per file (path, size and modification time), so each binary is read once.
 * An AFL++ harness built with {@code -fsanitize=fuzzer} but run by afl-fuzz has libFuzzer too:
 * callers look for afl-fuzz first.
 */
public final class LibFuzzerBinaries {
  static final byte[] ENTRY = "LLVMFuzzerTestOneInput".getBytes(StandardCharsets.US_ASCII);
  static final byte[] SEED = "INFO: Seed: ".getBytes(StandardCharsets.US_ASCII);
  /** Binaries larger than this are not read (none of libFuzzer's targets comes close). */
  static final long MAX_BYTES = 512L << 20;

  private static final Map<String, Boolean> KNOWN = new ConcurrentHashMap<>();

  private LibFuzzerBinaries() {}

  /** AFL's instrumentation names its shared-memory variable; a libFuzzer build does not. */
  static final byte[] AFL_SHM = "__AFL_SHM_ID".getBytes(StandardCharsets.US_ASCII);

  /**
   * Whether the file is a libFuzzer binary to be run as it is, not a harness for afl-fuzz:
   * libFuzzer's markers and no AFL instrumentation. Unreadable: false.
   */
  public static boolean isLibFuzzerProgram(Path file) {
    try {
      return Files.size(file) <= MAX_BYTES && holdsBoth(file) && !holds(file, AFL_SHM);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Whether the file holds the bytes (streamed; a match may span two reads). */
  public static boolean holds(Path file, byte[] needle) throws IOException {
    int keep = needle.length - 1;
    byte[] buf = new byte[1 << 20];
    int have = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf, have, buf.length - have)) > 0) {
        int len = have + n;
        if (indexOf(buf, len, needle) >= 0) {
          return true;
        }
        int tail = Math.min(keep, len);
        System.arraycopy(buf, len - tail, buf, 0, tail);
        have = tail;
      }
    }
    return false;
  }

  /** {@code exe} is the target of /proc/PID/exe; the file is read through that link. */
  static boolean isLibFuzzer(Path exe, Path procRoot, int pid) {
    Path file = procRoot.resolve(pid + "/exe");
    try {
      long size = Files.size(file);
      String key = exe + "|" + size + "|" + Files.getLastModifiedTime(file).toMillis();
      Boolean known = KNOWN.get(key);
      if (known != null) {
        return known;
      }
      boolean yes = size <= MAX_BYTES && holdsBoth(file);
      KNOWN.put(key, yes);
      return yes;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Streams the file once, looking for both markers (a match may span two reads). */
  static boolean holdsBoth(Path file) throws IOException {
    boolean entry = false;
    boolean seed = false;
    int keep = Math.max(ENTRY.length, SEED.length) - 1;
    byte[] buf = new byte[1 << 20];
    int have = 0;
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buf, have, buf.length - have)) > 0) {
        int len = have + n;
        entry = entry || indexOf(buf, len, ENTRY) >= 0;
        seed = seed || indexOf(buf, len, SEED) >= 0;
        if (entry && seed) {
          return true;
        }
        int tail = Math.min(keep, len);
        System.arraycopy(buf, len - tail, buf, 0, tail);
        have = tail;
      }
    }
    return false;
  }

  static int indexOf(byte[] hay, int len, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= len; i++) {
      if (hay[i] != needle[0]) {
        continue;
      }
      for (int j = 1; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
