package dev.palisade.net;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The outbound HTTP client logs every request header (a Vault token, a bearer token, a signed AWS
 * request) at DEBUG; the server's logging configuration keeps it quiet at any root level.
 */
class OutboundClientLoggingTest {
  @Test
  void theHttpClientsHeaderAndWireLogsStayOffAtRootLevelDebug() throws Exception {
    LoggerContext context = new LoggerContext();
    context.putProperty("PALISADE_LOG_LEVEL", "DEBUG");
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(Path.of("src/main/resources/logback.xml").toFile());
    try {
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).isDebugEnabled()).isTrue();
      assertThat(context.getLogger("org.apache.http.headers").isDebugEnabled()).isFalse();
      assertThat(context.getLogger("org.apache.http.wire").isDebugEnabled()).isFalse();
      assertThat(context.getLogger("org.apache.http.impl.conn").isInfoEnabled()).isFalse();
    } finally {
      context.stop();
    }
  }
}
