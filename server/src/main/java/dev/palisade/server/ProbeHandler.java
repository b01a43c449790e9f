package dev.palisade.server;

import dev.palisade.telemetry.RequestContextFilter;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.Date;

/**
 * One connection's probe answers (see {@link ProbeFastPath}). A probe is answered here only while
 * no earlier request of the connection is still being answered by Micronaut, so pipelined responses
 * keep their order; otherwise it goes the ordinary way.
 */
final class ProbeHandler extends ChannelDuplexHandler {
  private final ProbeFastPath probes;

  /** Requests handed on to Micronaut whose response has not been written completely yet. */
  private int handedOn;

  /** The rest of a request answered here (its body, if any) is dropped. */
  private boolean dropping;

  private boolean answered;

  ProbeHandler(ProbeFastPath probes) {
    this.probes = probes;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof HttpRequest request) {
      long started = System.nanoTime();
      ProbeFastPath.Answer answer =
          handedOn == 0 && request.method() == HttpMethod.GET && request.decoderResult().isSuccess()
              ? probes.answer(request.uri())
              : null;
      if (answer == null) {
        handedOn++;
        ctx.fireChannelRead(msg);
        return;
      }
      dropping = !(msg instanceof LastHttpContent);
      String uri = request.uri();
      boolean keepAlive = HttpUtil.isKeepAlive(request);
      String id =
          RequestContextFilter.requestId(request.headers().get(RequestContextFilter.HEADER));
      HttpVersion version = request.protocolVersion();
      ReferenceCountUtil.release(msg);
      FullHttpResponse response =
          new DefaultFullHttpResponse(
              version,
              HttpResponseStatus.valueOf(answer.status()),
              Unpooled.wrappedBuffer(answer.body()));
      response
          .headers()
          .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
          .set(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
          .set(HttpHeaderNames.DATE, DateFormatter.format(new Date()))
          .set("X-Request-ID", id);
      if (!keepAlive) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (version == HttpVersion.HTTP_1_0) {
        response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      var written = ctx.writeAndFlush(response);
      if (!keepAlive) {
        written.addListener(ChannelFutureListener.CLOSE);
      }
      answered = true;
      probes.record(uri, answer.status(), System.nanoTime() - started);
      return;
    }
    if (dropping && msg instanceof HttpContent content) {
      dropping = !(content instanceof LastHttpContent);
      content.release();
      return;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (answered) {
      answered = false;
      if (!ctx.channel().config().isAutoRead()) {
        ctx.read(); // nothing downstream saw the probe, so nothing else asks for the next one
      }
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof LastHttpContent
        && handedOn > 0
        && !(msg instanceof HttpResponse r
            && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
      handedOn--;
    }
    ctx.write(msg, promise);
  }
}
