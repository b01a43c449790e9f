package dev.palisade.functions;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import jakarta.inject.Singleton;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Binds an {@code @Body InputStream} argument (a file upload) of any content type in a function.
 * The Sovereign server streams such bodies from Netty; API Gateway hands a function the whole body
 * in the event (at most 6 MB), and the API Gateway adapter binds a body only through the reader
 * chosen for the route, which for a route that consumes anything would be the JSON reader. This one
 * is chosen first for {@code InputStream} arguments and nothing else; it hands the controller a
 * copy of the event's body.
 */
@Singleton
@Consumes(MediaType.ALL)
@Order(Ordered.HIGHEST_PRECEDENCE)
final class RequestBodyStream implements MessageBodyReader<InputStream> {
  @Override
  public boolean isReadable(Argument<InputStream> type, @Nullable MediaType mediaType) {
    return type.getType() == InputStream.class;
  }

  @Override
  public InputStream read(
      Argument<InputStream> type,
      @Nullable MediaType mediaType,
      Headers httpHeaders,
      InputStream inputStream) {
    try {
      return new ByteArrayInputStream(inputStream.readAllBytes());
    } catch (IOException e) {
      throw new CodecException("cannot read the request body", e);
    }
  }
}
