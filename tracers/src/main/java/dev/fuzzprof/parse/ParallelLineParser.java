package dev.fuzzprof.parse;

import dev.fuzzprof.problem.FuzzprofException;
import dev.fuzzprof.event.SyscallEvent;
import dev.fuzzprof.event.TraceEvent;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Parses blocks of whole lines on worker threads and delivers the events in trace order on the
 * caller's thread, joining interrupted calls as it goes. Only a few blocks are in flight at once,
 * and their buffers and output lists are reused, so memory does not grow with the trace.
 *
 * <p>Use: take a buffer with {@link #buffer}, fill it with whole lines, {@link #submit} it, and
 * {@link #finish} at the end. All calls come from one thread, which also runs the consumer.
 */
public final class ParallelLineParser implements AutoCloseable {
  public static final int BLOCK = 4 << 20;

  private final TraceFormat format;
  private final ArgsPolicy args;
  private final CallJoiner joiner;
  private final int inFlight;
  private final ExecutorService workers;
  private final ThreadLocal<SyscallTextParser> parsers;
  private final ArrayDeque<Future<Block>> pending = new ArrayDeque<>();
  private final BlockingQueue<byte[]> spare;
  private final BlockingQueue<Output> spareOutputs;
  private final LineCounter total = new LineCounter();

  /** A parsed block: its output in order, its line counts, and the buffer to give back. */
  private record Block(Output output, LineCounter count, byte[] buf) {}

  public ParallelLineParser(TraceFormat format, ArgsPolicy args, Consumer<TraceEvent> sink,
      int threads) {
    this.format = format;
    this.args = args;
    this.joiner = new CallJoiner(sink);
    this.inFlight = threads * 2;
    this.spare = new ArrayBlockingQueue<>(inFlight + 2);
    this.spareOutputs = new ArrayBlockingQueue<>(inFlight + 2);
    this.workers = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "fuzzprof-parse");
      t.setDaemon(true);
      return t;
    });
    this.parsers = ThreadLocal.withInitial(() -> switch (format) {
      case STRACE -> new StraceParser(new Output(), args);
      case PERF_TRACE -> new PerfTraceParser(new Output());
      case BINARY -> throw new IllegalStateException("binary input has no parser");
    });
  }

  /** A buffer of at least {@code size} bytes, reused when one is free. */
  public byte[] buffer(int size) {
    byte[] b = spare.poll();
    return b != null && b.length >= size ? b : new byte[Math.max(size, BLOCK)];
  }

  /**
   * Parses {@code buf[0, len)}: whole lines, except that the very last block may end in a line
   * cut short ({@code endsMidLine}). The buffer belongs to the parser from now on.
   */
  public void submit(byte[] buf, int len, boolean endsMidLine) {
    pending.add(workers.submit(() -> parse(buf, len, endsMidLine)));
    while (pending.size() > inFlight || (!pending.isEmpty() && pending.peek().isDone())) {
      deliver(pending.poll());
    }
  }

  private Block parse(byte[] buf, int len, boolean endsMidLine) {
    SyscallTextParser parser = parsers.get();
    Output output = spareOutputs.poll();
    if (output == null) {
      output = new Output();
    }
    parser.redirect(output);
    int start = 0;
    for (int i = Lines.next(buf, 0, len); i >= 0; i = Lines.next(buf, start, len)) {
      parser.parseLine(buf, start, i);
      start = i + 1;
    }
    if (start < len) {
      parser.parseLine(buf, start, len);
      if (endsMidLine) {
        parser.markEndsMidLine();
      }
    }
    return new Block(output, parser.takeCount(), buf);
  }

  private void deliver(Future<Block> f) {
    Block block;
    try {
      block = f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw FuzzprofException.interrupted("interrupted while parsing");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    }
    spare.offer(block.buf());
    total.add(block.count());
    block.output().replay(joiner);
    block.output().clear();
    spareOutputs.offer(block.output());
  }

  /** Delivers what is left and returns the counts for the whole input. */
  public ParseStats finish() {
    while (!pending.isEmpty()) {
      deliver(pending.poll());
    }
    long left = joiner.finish();
    return total.stats(joiner.events(), left);
  }

  @Override
  public void close() {
    workers.shutdownNow();
  }

  /** One block's output, kept in order until it is its turn to be delivered. */
  private static final class Output implements ParseOutput {
    private Object[] items = new Object[8192];
    private int size;

    private record Unfinished(int pid, long time, String name, String args) {}

    private record Resumed(SyscallEvent end) {}

    private void add(Object o) {
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = o;
    }

    @Override
    public void event(TraceEvent e) {
      add(e);
    }

    @Override
    public void unfinished(int pid, long timeMicros, String name, String args) {
      add(new Unfinished(pid, timeMicros, name, args));
    }

    @Override
    public void resumed(SyscallEvent end) {
      add(new Resumed(end));
    }

    /** Empties this output for reuse by a later block (its array stays grown). */
    void clear() {
      Arrays.fill(items, 0, size, null);
      size = 0;
    }

    void replay(ParseOutput to) {
      for (int i = 0; i < size; i++) {
        Object o = items[i];
        if (o instanceof TraceEvent e) {
          to.event(e);
        } else if (o instanceof Unfinished u) {
          to.unfinished(u.pid(), u.time(), u.name(), u.args());
        } else {
          to.resumed(((Resumed) o).end());
        }
      }
    }
  }
}
