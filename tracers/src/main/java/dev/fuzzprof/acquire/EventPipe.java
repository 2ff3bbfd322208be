package dev.fuzzprof.acquire;

import dev.fuzzprof.event.TraceEvent;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs a producer of events on a thread of its own and delivers its events, in order and in
 * batches, to a consumer on the calling thread. The queue holds a few batches only, so a fast
 * producer waits for a slow consumer instead of filling memory.
 */
final class EventPipe implements Consumer<TraceEvent>, AutoCloseable {
  private static final int BATCH = 4096;
  private static final TraceEvent[] END = new TraceEvent[0];

  private final Consumer<TraceEvent> sink;
  private final BlockingQueue<TraceEvent[]> queue = new ArrayBlockingQueue<>(16);
  private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "fuzzprof-parse");
    t.setDaemon(true);
    return t;
  });
  private TraceEvent[] batch = new TraceEvent[BATCH];
  private int size;
  private volatile boolean consumerGone;

  EventPipe(Consumer<TraceEvent> sink) {
    this.sink = sink;
  }

  /** Called on the producer's thread. */
  @Override
  public void accept(TraceEvent e) {
    batch[size++] = e;
    if (size == BATCH) {
      hand(batch);
      batch = new TraceEvent[BATCH];
      size = 0;
    }
  }

  private void hand(TraceEvent[] b) {
    try {
      while (!queue.offer(b, 100, TimeUnit.MILLISECONDS)) {
        if (consumerGone) {
          throw new IllegalStateException("the consumer of the events stopped");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing over events", e);
    }
  }

  /** Runs {@code producer} on the pipe's thread and consumes its events here; returns its result. */
  <T> T run(Supplier<T> producer) {
    Future<T> result = thread.submit(() -> {
      try {
        T value = producer.get();
        if (size > 0) {
          TraceEvent[] last = new TraceEvent[size];
          System.arraycopy(batch, 0, last, 0, size);
          hand(last);
        }
        return value;
      } finally {
        queue.put(END);
      }
    });
    try {
      while (true) {
        TraceEvent[] b = queue.take();
        if (b == END) {
          break;
        }
        for (TraceEvent e : b) {
          sink.accept(e);
        }
      }
      return result.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      result.cancel(true);
      throw new IllegalStateException("interrupted while reading a trace", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      consumerGone = true;
    }
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
