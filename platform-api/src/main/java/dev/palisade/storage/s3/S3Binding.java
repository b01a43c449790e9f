package dev.palisade.storage.s3;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.net.OutboundGuard;
import dev.palisade.storage.StorageBinding;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.http.apache.ProxyConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in an S3 bucket under a prefix, through the SDK's Apache client whose DNS resolver is the
 * outbound guard. The SDK computes and checks checksums only where the protocol requires them, so
 * non-AWS S3 servers work; the platform's own SHA-256 is the integrity check. Failures name the
 * operation and S3's error code, never the request, the credentials or S3's message.
 */
public final class S3Binding implements StorageBinding {
  /** The client name under which the outbound guard counts refusals. */
  public static final String CLIENT = "s3";

  private final String type;
  private final S3Settings settings;
  private final S3Client client;

  public S3Binding(String type, S3Settings settings, OutboundGuard guard) {
    this.type = type;
    this.settings = settings;
    this.client = build(settings, guard);
  }

  private static S3Client build(S3Settings s, OutboundGuard guard) {
    S3ClientBuilder b =
        S3Client.builder()
            .region(Region.of(s.region()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey())))
            .forcePathStyle(s.pathStyle())
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .overrideConfiguration(o -> o.addExecutionInterceptor(guard.sdkTracing(CLIENT)))
            .httpClient(
                ApacheHttpClient.builder()
                    .dnsResolver(guard.dnsResolver(CLIENT))
                    .proxyConfiguration(
                        ProxyConfiguration.builder()
                            .useSystemPropertyValues(false)
                            .useEnvironmentVariableValues(false)
                            .build())
                    .maxConnections(64)
                    .connectionTimeout(Duration.ofSeconds(5))
                    .socketTimeout(Duration.ofSeconds(60))
                    .build());
    if (s.endpoint() != null) {
      b.endpointOverride(URI.create(s.endpoint()));
    }
    return b.build();
  }

  @Override
  public String type() {
    return type;
  }

  private String key(String name) {
    return settings.prefix() + StorageBinding.checkName(name);
  }

  @Override
  public void put(String name, InputStream content, long length) {
    String key = key(name);
    call(
        "put",
        () ->
            client.putObject(
                r -> r.bucket(settings.bucket()).key(key).contentLength(length),
                RequestBody.fromContentProvider(
                    () -> new NoMark(content), length, "application/octet-stream")));
  }

  @Override
  public InputStream open(String name) {
    String key = key(name);
    try {
      return call("get", () -> client.getObject(r -> r.bucket(settings.bucket()).key(key)));
    } catch (NotThere e) {
      throw new PlatformException(ErrorCode.NOT_FOUND, "no such object");
    }
  }

  @Override
  public List<String> list(String prefix) {
    String full = settings.prefix() + prefix;
    return call(
        "list",
        () ->
            client
                .listObjectsV2(
                    r ->
                        r.bucket(settings.bucket()).prefix(full).maxKeys(StorageBinding.LIST_LIMIT))
                .contents()
                .stream()
                .map(S3Object::key)
                .map(k -> k.substring(settings.prefix().length()))
                .sorted()
                .toList());
  }

  @Override
  public void delete(String name) {
    String key = key(name);
    call("delete", () -> client.deleteObject(r -> r.bucket(settings.bucket()).key(key)));
  }

  @Override
  public void close() {
    client.close();
  }

  private static final class NotThere extends RuntimeException {
    NotThere() {
      super(null, null, false, false);
    }
  }

  private static <T> T call(String operation, Supplier<T> call) {
    try {
      return call.get();
    } catch (NoSuchKeyException e) {
      throw new NotThere();
    } catch (S3Exception e) {
      if (e.statusCode() == 404 && "get".equals(operation)) {
        throw new NotThere();
      }
      String code = safe(e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode());
      throw StorageBinding.unavailable(
          "S3 refused " + operation + " (" + code + ", HTTP " + e.statusCode() + ")");
    } catch (SdkClientException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof PlatformException p && p.errorCode() == ErrorCode.OUTBOUND_BLOCKED) {
          throw StorageBinding.unavailable(
              "S3 " + operation + ": the outbound guard refused the endpoint");
        }
        if (t instanceof IOException) {
          throw StorageBinding.unavailable("S3 did not answer " + operation);
        }
      }
      throw StorageBinding.unavailable("S3 " + operation + " failed in the client");
    } catch (SdkException e) {
      throw StorageBinding.unavailable("S3 " + operation + " failed");
    }
  }

  private static String safe(String code) {
    return code != null && code.matches("[A-Za-z.]{1,64}") ? code : "unknown error";
  }

  /** The caller's stream without mark support, so the SDK never buffers it for a retry. */
  private static final class NoMark extends FilterInputStream {
    NoMark(InputStream in) {
      super(in);
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() {
      // the caller closes the stream it gave
    }
  }
}
