package dev.palisade.audit;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pipe from an export's writer thread to the HTTP response. A write waits for room at
 * most the write timeout without any progress of the reader, then fails and the pipe is broken: the
 * reader gets an error instead of an end, so a client never takes a cut export for a whole one. A
 * writer that fails calls {@link #fail}; one that finishes closes {@link #out}. Thread-safe.
 */
final class ExportPipe {
  private final byte[] buffer;
  private final long timeoutNanos;
  private final Duration timeout;
  private int start;
  private int count;
  private boolean writerClosed;
  private boolean readerClosed;
  private IOException failure;

  final InputStream in = new In();
  final OutputStream out = new Out();

  ExportPipe(int capacity, Duration timeout) {
    this.buffer = new byte[capacity];
    this.timeout = timeout;
    this.timeoutNanos = timeout.toNanos();
  }

  /** Breaks the pipe: the reader's next read fails with {@code cause}. */
  synchronized void fail(IOException cause) {
    if (failure == null) {
      failure = cause;
    }
    notifyAll();
  }

  private synchronized void write(byte[] b, int off, int len) throws IOException {
    long deadline = System.nanoTime() + timeoutNanos;
    while (len > 0) {
      if (readerClosed) {
        throw new IOException("the export's reader went away");
      }
      if (failure != null) {
        throw failure;
      }
      int room = buffer.length - count;
      if (room == 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          fail(new IOException("the export was not read for " + timeout + "; stopped"));
          throw failure;
        }
        await(left);
        continue;
      }
      int end = (start + count) % buffer.length;
      int n = Math.min(len, Math.min(room, buffer.length - end));
      System.arraycopy(b, off, buffer, end, n);
      count += n;
      off += n;
      len -= n;
      deadline = System.nanoTime() + timeoutNanos;
      notifyAll();
    }
  }

  private synchronized int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (count == 0) {
      if (failure != null) {
        throw failure;
      }
      if (writerClosed) {
        return -1;
      }
      await(0);
    }
    int n = Math.min(len, Math.min(count, buffer.length - start));
    System.arraycopy(buffer, start, b, off, n);
    start = (start + n) % buffer.length;
    count -= n;
    notifyAll();
    return n;
  }

  private void await(long nanos) throws InterruptedIOException {
    try {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.timedWait(this, nanos);
      } else {
        wait();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("export interrupted");
    }
  }

  private synchronized void closeWriter() {
    writerClosed = true;
    notifyAll();
  }

  private synchronized void closeReader() {
    readerClosed = true;
    notifyAll();
  }

  private final class In extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return ExportPipe.this.read(b, off, len);
    }

    @Override
    public void close() {
      closeReader();
    }
  }

  private final class Out extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      ExportPipe.this.write(b, off, len);
    }

    @Override
    public void close() {
      closeWriter();
    }
  }
}
