package dev.fuzzprof.acquire;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The text of a campaign file as last read, given again without reading the file while one
 * stat says it is unchanged: the same inode, size, mtime and ctime. Every reader of campaign
 * files (AFL instance folders, libFuzzer logs) goes through here, so a refresh of {@code top}
 * or the exporter, and scaling-report's second reading, read only the files that changed.
 *
 * <p>What a stat cannot tell: a file rewritten in place with the same size within one tick of
 * the kernel's file clock (a few ms; a second or two on some file systems). So a text read less
 * than {@link #RACY_MILLIS} after its file's mtime or ctime is not kept: such a file is read again next
 * time, and is kept once it has been quiet that long (git's "racy clean" rule). AFL++ replaces
 * fuzzer_stats by a rename (a new inode) and appends to plot_data (a new size), so its files are
 * read again as soon as they change. The cache holds at most {@link #MAX_CHARS} characters, the
 * least recently used going first.
 */
public final class FileTexts {
  /** A text read within this long of its file's mtime is not kept. */
  static final long RACY_MILLIS = 2000;
  /** All texts kept, at most (characters; ISO-8859-1, so bytes). */
  static final long MAX_CHARS = 32L << 20;
  /** A text longer than this is never kept. */
  static final long MAX_ONE = 8L << 20;

  private static final String ATTRIBUTES =
      "unix:isRegularFile,size,lastModifiedTime,ctime,ino,dev";
  private static final Map<Key, Kept> KEPT = new LinkedHashMap<>(64, 0.75f, true);
  private static long keptChars;

  private FileTexts() {}

  /** How a file is read: the part of it that makes the text. */
  @FunctionalInterface
  public interface Reading {
    /** The text of {@code file}, whose size was {@code size} a moment ago. */
    String read(Path file, long size) throws IOException;
  }

  /** What one stat says about a file. */
  record Stat(long dev, long ino, long size, long mtimeNanos, long ctimeNanos) {}

  private record Key(Path file, String how) {}

  private record Kept(Stat stat, String text) {}

  /**
   * The text {@code reading} makes of {@code file}, or the one it made last time when the file
   * is unchanged since; null when the file is missing, not a regular file, or unreadable.
   *
   * @param how names the part read ({@code "all"}, {@code "tail 4096"}): one file read two ways
   *     is kept twice
   */
  public static String read(Path file, String how, Reading reading) {
    Key key = new Key(file.toAbsolutePath().normalize(), how);
    Stat stat = stat(key.file());
    if (stat == null) {
      forget(key);
      return null;
    }
    synchronized (KEPT) {
      Kept k = KEPT.get(key);
      if (k != null && k.stat().equals(stat)) {
        return k.text();
      }
    }
    long readAt = System.currentTimeMillis();
    String text;
    try {
      text = reading.read(key.file(), stat.size());
    } catch (IOException | RuntimeException e) {
      forget(key);
      return null;
    }
    long changed = TimeUnit.NANOSECONDS.toMillis(Math.max(stat.mtimeNanos(), stat.ctimeNanos()));
    if (text != null && readAt - changed >= RACY_MILLIS && text.length() <= MAX_ONE) {
      keep(key, new Kept(stat, text));
    } else {
      forget(key);
    }
    return text;
  }

  /** The file's identity, size and times in one stat, or null. */
  static Stat stat(Path file) {
    try {
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES);
      if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
        return null;
      }
      return new Stat(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue(),
          ((Number) a.get("size")).longValue(), nanos(a.get("lastModifiedTime")),
          nanos(a.get("ctime")));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long nanos(Object time) {
    return ((FileTime) Objects.requireNonNull(time)).to(TimeUnit.NANOSECONDS);
  }

  private static void keep(Key key, Kept k) {
    synchronized (KEPT) {
      Kept old = KEPT.put(key, k);
      keptChars += k.text().length() - (old == null ? 0 : old.text().length());
      Iterator<Kept> eldest = KEPT.values().iterator();
      while (keptChars > MAX_CHARS && eldest.hasNext()) {
        keptChars -= eldest.next().text().length();
        eldest.remove();
      }
    }
  }

  private static void forget(Key key) {
    synchronized (KEPT) {
      Kept old = KEPT.remove(key);
      if (old != null) {
        keptChars -= old.text().length();
      }
    }
  }

  /** How many characters are kept now (for tests). */
  static long keptChars() {
    synchronized (KEPT) {
      return keptChars;
    }
  }
}
