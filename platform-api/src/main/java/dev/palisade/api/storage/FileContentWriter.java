package dev.palisade.api.storage;

import io.micronaut.core.type.Argument;
import io.micronaut.core.type.MutableHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.body.ByteBodyFactory;
import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.body.ResponseBodyWriter;
import io.micronaut.http.codec.CodecException;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a {@link FileContent} with its {@code Content-Length}, in chunks of {@link #CHUNK} bytes
 * read on the blocking pool as the client takes them (Micronaut's own stream body reads 8 KiB at a
 * time, which holds a large download to a fraction of what the storage delivers). A read that fails
 * breaks the response off; with the length announced it never looks complete.
 */
@Singleton
final class FileContentWriter implements ResponseBodyWriter<FileContent> {
  static final int CHUNK = 256 * 1024;

  private final Scheduler blocking;

  FileContentWriter(@Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
    this.blocking = Schedulers.fromExecutorService(blocking);
  }

  @Override
  public CloseableByteBody writePiece(
      ByteBodyFactory bodies,
      HttpRequest<?> request,
      HttpResponse<?> response,
      Argument<FileContent> type,
      MediaType mediaType,
      FileContent file) {
    Flux<byte[]> chunks =
        Flux.<byte[], InputStream>generate(
                file::content,
                (in, sink) -> {
                  try {
                    byte[] chunk = in.readNBytes(CHUNK);
                    if (chunk.length == 0) {
                      sink.complete();
                    } else {
                      sink.next(chunk);
                    }
                  } catch (IOException e) {
                    sink.error(e);
                  }
                  return in;
                },
                FileContentWriter::closeQuietly)
            .subscribeOn(blocking);
    return bodies.adapt(
        chunks.map(bodies.readBufferFactory()::adapt), OptionalLong.of(file.length()));
  }

  @Override
  public void writeTo(
      Argument<FileContent> type,
      MediaType mediaType,
      FileContent file,
      MutableHeaders headers,
      OutputStream out) {
    try (InputStream in = file.content()) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new CodecException("the file could not be written", e);
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      // the download ended either way
    }
  }
}
