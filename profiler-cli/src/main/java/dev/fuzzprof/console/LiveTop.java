package dev.fuzzprof.console;

import dev.fuzzprof.analyze.campaign.CampaignReport;
import dev.fuzzprof.render.TopScreen;
import dev.fuzzprof.render.TopSort;
import dev.fuzzprof.service.campaign.TopSampler;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jline.terminal.Attributes;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp.Capability;
import org.jline.utils.NonBlockingReader;

/**
 * The live {@code fuzzprof top} screen: raw mode, the alternate screen, a redraw in place each
 * interval through JLine's {@link Display} (only changed cells are written, so nothing
 * flickers). {@code q} quits, {@code s} cycles the sort. The terminal is put back on quit, on
 * Ctrl-C, on an exception (finally) and on SIGTERM (a shutdown hook).
 */
public final class LiveTop {
  private final Terminal terminal;
  private final TopSampler sampler;
  private final Duration interval;
  private final int iterations;
  private final boolean colour;
  private TopSort sort;

  public LiveTop(Terminal terminal, TopSampler sampler, Duration interval, int iterations,
      TopSort sort, boolean colour) {
    this.terminal = terminal;
    this.sampler = sampler;
    this.interval = interval;
    this.iterations = iterations;
    this.sort = sort;
    this.colour = colour;
  }

  /**
   * Draws top on a real terminal: the console's own when fuzzprof runs inside its console, else
   * the process's terminal when there is one. False, having drawn nothing, when neither is a
   * terminal that can be drawn on (a pipe, a dumb terminal): the caller prints plain lines.
   */
  public static boolean onTerminal(TopSampler sampler, Duration interval, int iterations,
      TopSort sort) throws IOException {
    Terminal inConsole = ConsoleSession.current();
    if (inConsole != null) {
      if (Terminal.TYPE_DUMB.equals(inConsole.getType())) {
        return false;
      }
      new LiveTop(inConsole, sampler, interval, iterations, sort, Colour.wanted(inConsole)).run();
      return true;
    }
    if (System.console() == null) {
      return false;
    }
    try (Terminal t = TerminalBuilder.builder().system(true).build()) {
      if (Terminal.TYPE_DUMB.equals(t.getType())) {
        return false;
      }
      new LiveTop(t, sampler, interval, iterations, sort, Colour.wanted(t)).run();
      return true;
    }
  }

  /** The width of plain snapshots: $COLUMNS, else the terminal's, else 120. */
  public static int plainWidth() {
    String columns = System.getenv("COLUMNS");
    if (columns != null) {
      try {
        int c = Integer.parseInt(columns.strip());
        if (c >= 40) {
          return c;
        }
      } catch (NumberFormatException e) {
        // not a number: ask the terminal
      }
    }
    Terminal t = ConsoleSession.current();
    if (t != null && t.getWidth() >= 40) {
      return t.getWidth();
    }
    return 120;
  }

  public void run() throws IOException {
    AtomicBoolean quit = new AtomicBoolean();
    AtomicBoolean restored = new AtomicBoolean();
    Attributes saved = terminal.enterRawMode();
    Runnable restore = () -> {
      if (restored.compareAndSet(false, true)) {
        terminal.puts(Capability.cursor_visible);
        terminal.puts(Capability.exit_ca_mode);
        terminal.setAttributes(saved);
        terminal.flush();
      }
    };
    Thread hook = new Thread(restore, "fuzzprof-top-restore");
    Runtime.getRuntime().addShutdownHook(hook);
    Terminal.SignalHandler oldInt = terminal.handle(Terminal.Signal.INT, s -> quit.set(true));
    AtomicBoolean resized = new AtomicBoolean(true);
    Terminal.SignalHandler oldWinch =
        terminal.handle(Terminal.Signal.WINCH, s -> resized.set(true));
    try {
      terminal.puts(Capability.enter_ca_mode);
      terminal.puts(Capability.cursor_invisible);
      terminal.puts(Capability.clear_screen);
      terminal.flush();
      Display display = new Display(terminal, true);
      sampler.start();
      CampaignReport frame = null;
      int frames = 0;
      NonBlockingReader keys = terminal.reader();
      draw(display, null, resized);
      while (!quit.get()) {
        long deadline = System.nanoTime() + interval.toNanos();
        long left;
        while (!quit.get() && (left = deadline - System.nanoTime()) > 0) {
          int c;
          try {
            c = keys.read(Math.max(1, left / 1_000_000));
          } catch (InterruptedIOException e) {
            quit.set(true);
            break;
          }
          if (Thread.currentThread().isInterrupted()) {
            quit.set(true);
          } else if (c == 'q' || c == 'Q' || c == 3 || c == NonBlockingReader.EOF) {
            quit.set(true);
          } else if (c == 's' || c == 'S') {
            sort = sort.next();
            draw(display, frame, resized);
          }
        }
        if (quit.get()) {
          break;
        }
        frame = sampler.refresh();
        draw(display, frame, resized);
        frames++;
        if (iterations > 0 && frames >= iterations) {
          break;
        }
      }
    } finally {
      restore.run();
      terminal.handle(Terminal.Signal.INT, oldInt);
      terminal.handle(Terminal.Signal.WINCH, oldWinch);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down: the hook runs anyway, and restoring twice is harmless
      }
    }
  }

  private void draw(Display display, CampaignReport frame, AtomicBoolean resized) {
    Size size = terminal.getSize();
    int rows = size.getRows() > 0 ? size.getRows() : 24;
    int cols = size.getColumns() > 0 ? size.getColumns() : 80;
    if (resized.getAndSet(false)) {
      display.clear();
      display.resize(rows, cols);
    }
    String title = "fuzzprof top  every " + seconds() + " s  sort: " + sort.name().toLowerCase()
        + "  keys: s sort, q quit";
    List<AttributedString> lines = new ArrayList<>();
    if (frame == null) {
      lines.add(new AttributedString(title));
      lines.add(new AttributedString("sampling /proc for " + seconds() + " s..."));
    } else {
      for (AttributedString l : TopScreen.lines(frame, sort, cols - 1, title)) {
        lines.add(colour ? l : new AttributedString(l.toString()));
      }
    }
    if (lines.size() > rows - 1) {
      lines = new ArrayList<>(lines.subList(0, rows - 1));
    }
    display.update(lines, 0);
    terminal.flush();
  }

  private String seconds() {
    return String.format(java.util.Locale.ROOT, "%.1f", interval.toMillis() / 1000.0);
  }
}
