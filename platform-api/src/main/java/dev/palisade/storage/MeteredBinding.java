package dev.palisade.storage;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.InputStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * A binding whose every operation counts in {@code palisade_storage_operations_total{backend,
 * operation,result}} ({@code ok}, {@code not_found}, {@code error}) and is timed in {@code
 * palisade_storage_operation_duration_seconds{backend,operation}} (for {@code get}: until the
 * stream opened).
 */
final class MeteredBinding implements StorageBinding {
  static final String OPERATIONS = "palisade.storage.operations";
  static final String DURATION = "palisade.storage.operation.duration";

  private final StorageBinding inner;
  private final MeterRegistry meters;

  MeteredBinding(StorageBinding inner, MeterRegistry meters) {
    this.inner = inner;
    this.meters = meters;
  }

  @Override
  public String type() {
    return inner.type();
  }

  private <T> T measured(String operation, Supplier<T> work) {
    long start = System.nanoTime();
    String result = "error";
    try {
      T out = work.get();
      result = "ok";
      return out;
    } catch (dev.palisade.errors.PlatformException e) {
      if (e.errorCode() == dev.palisade.errors.ErrorCode.NOT_FOUND) {
        result = "not_found";
      }
      throw e;
    } finally {
      Counter.builder(OPERATIONS)
          .description("Storage binding operations")
          .tag("backend", inner.type())
          .tag("operation", operation)
          .tag("result", result)
          .register(meters)
          .increment();
      Timer.builder(DURATION)
          .description("How long storage binding operations take")
          .tag("backend", inner.type())
          .tag("operation", operation)
          .register(meters)
          .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
  }

  @Override
  public void put(String name, InputStream content, long length) {
    measured(
        "put",
        () -> {
          inner.put(name, content, length);
          return null;
        });
  }

  @Override
  public InputStream open(String name) {
    return measured("get", () -> inner.open(name));
  }

  @Override
  public List<String> list(String prefix) {
    return measured("list", () -> inner.list(prefix));
  }

  @Override
  public void delete(String name) {
    measured(
        "delete",
        () -> {
          inner.delete(name);
          return null;
        });
  }

  @Override
  public void close() {
    inner.close();
  }
}
