package dev.fuzzprof.acquire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fuzzprof.acquire.afl.AflOutputDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reuse of a campaign file's text on the real file system of the test's temp dir: a file is
 * read again exactly when a stat says it changed (size, mtime, ctime, inode), and a file changed
 * within {@link FileTexts#RACY_MILLIS} of the read is read again next time whatever its stat.
 * Whether a read happened is seen two ways: the reading function's own call count, and the
 * identity of the text (a read makes a new String; the kept one is the same object).
 * Takes about 2.2 s: the files are left quiet for {@link FileTexts#RACY_MILLIS} once.
 */
class FileTextsTest {

  @Test
  void readsAgainOnlyWhatChanged(@TempDir Path t) throws Exception {
    Path quiet = write(t.resolve("quiet"), "execs_done : 1000\n");
    Path inPlace = write(t.resolve("in-place"), "execs_done : 2000\n");
    Path renamed = write(t.resolve("renamed"), "execs_done : 3000\n");
    Thread.sleep(FileTexts.RACY_MILLIS + 200);
    AtomicInteger reads = new AtomicInteger();
    FileTexts.Reading counting = (f, size) -> {
      reads.incrementAndGet();
      return Files.readString(f, StandardCharsets.ISO_8859_1);
    };

    String a = FileTexts.read(quiet, "all", counting);
    String b = FileTexts.read(quiet, "all", counting);
    assertEquals("execs_done : 1000\n", a);
    assertSame(a, b, "an unchanged file is not read again");
    assertEquals(1, reads.get());
    // another part of the same file is another text
    assertEquals("execs_done : 1000\n", FileTexts.read(quiet, "tail 4096", counting));
    assertEquals(2, reads.get());

    // appended (plot_data): a new size
    Files.writeString(quiet, "execs_done : 1001\n", StandardOpenOption.APPEND);
    assertEquals("execs_done : 1000\nexecs_done : 1001\n", FileTexts.read(quiet, "all", counting));
    assertEquals(3, reads.get());

    // rewritten in place, same size, mtime put back: the ctime tells
    String before = FileTexts.read(inPlace, "all", counting);
    FileTime mtime = Files.getLastModifiedTime(inPlace);
    Files.writeString(inPlace, "execs_done : 2999\n", StandardOpenOption.TRUNCATE_EXISTING);
    Files.setLastModifiedTime(inPlace, mtime);
    assertEquals("execs_done : 2000\n", before);
    assertEquals("execs_done : 2999\n", FileTexts.read(inPlace, "all", counting));

    // replaced by a rename, as AFL++ writes fuzzer_stats: a new inode, same size and mtime
    String old = FileTexts.read(renamed, "all", counting);
    Path tmp = write(t.resolve(".renamed_tmp"), "execs_done : 3999\n");
    Files.setLastModifiedTime(tmp, Files.getLastModifiedTime(renamed));
    Files.move(tmp, renamed, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    assertEquals("execs_done : 3000\n", old);
    assertEquals("execs_done : 3999\n", FileTexts.read(renamed, "all", counting));

    // just written: read again each time until it has been quiet RACY_MILLIS
    Path fresh = write(t.resolve("fresh"), "execs_done : 4000\n");
    int n = reads.get();
    String f1 = FileTexts.read(fresh, "all", counting);
    String f2 = FileTexts.read(fresh, "all", counting);
    assertEquals(f1, f2);
    assertNotSame(f1, f2);
    assertEquals(n + 2, reads.get());

    // gone: null, and nothing kept for it
    Files.delete(quiet);
    assertNull(FileTexts.read(quiet, "all", counting));
    assertNull(FileTexts.read(t, "all", counting), "a directory has no text");
    assertTrue(FileTexts.keptChars() > 0);
  }

  /** The one reader of instance folders uses it: a second read of a quiet folder reads nothing. */
  @Test
  void instanceFolderReadTwice(@TempDir Path t) throws Exception {
    Path inst = Files.createDirectories(t.resolve("s1/queue")).getParent();
    write(inst.resolve("fuzzer_stats"), "execs_done : 5\nlast_update : 100\n");
    write(inst.resolve("plot_data"), "# relative_time, total_execs\n60, 5\n");
    Thread.sleep(FileTexts.RACY_MILLIS + 200);
    InstanceFiles one = AflOutputDir.readInstance(inst, 4096);
    InstanceFiles two = AflOutputDir.readInstance(inst, 4096);
    assertSame(one.fuzzerStats(), two.fuzzerStats());
    assertSame(one.plotData(), two.plotData());
    Path tmp = write(inst.resolve(".fuzzer_stats_tmp"), "execs_done : 9\nlast_update : 160\n");
    Files.move(tmp, inst.resolve("fuzzer_stats"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    InstanceFiles three = AflOutputDir.readInstance(inst, 4096);
    assertEquals("execs_done : 9\nlast_update : 160\n", three.fuzzerStats());
    assertSame(one.plotData(), three.plotData());
  }

  private static Path write(Path p, String text) throws Exception {
    Files.writeString(p, text, StandardCharsets.ISO_8859_1);
    return p;
  }
}
