package dev.palisade.bench;

import dev.palisade.storage.S3Proxy;
import dev.palisade.testing.Http;
import dev.palisade.testing.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpHead;
import org.apache.http.client.methods.HttpPut;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Storage throughput: uploads and downloads through Palisade onto an S3 binding (s3proxy on a
 * filesystem backend) against the same bytes put to and read from s3proxy directly with the SDK,
 * for 64 MiB objects (one client) and 4 KiB objects (8 clients); then a migration run of {@code n}
 * 64 KiB files from the bundled directory to the bucket against a plain copy of the same files
 * between the same two backends with the same parallelism. Not a test: run through {@code
 * bench/storage.sh}.
 */
public final class StorageBenchmark {
  private static final int MIB = 1024 * 1024;

  /** The HTTP client of the SDK's own transport, so both sides of each ratio use the same one. */
  private static final CloseableHttpClient APACHE =
      HttpClients.custom().setMaxConnTotal(64).setMaxConnPerRoute(64).build();

  private StorageBenchmark() {}

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    try (S3Proxy s3 = S3Proxy.start("direct", "bound");
        TestServer server =
            TestServer.start(
                Map.of(
                    "palisade.net.allow",
                    "127.0.0.1/32",
                    "palisade.storage.migration-batch-size",
                    10_000));
        S3Client sdk = sdk(s3)) {
      String installAdmin = server.installAdmin();
      server.createOrg(installAdmin, "bench");
      String admin = server.member(installAdmin, "bench", "bench@example.com", "admin");
      Http http = server.http();

      // migration first, while the organization is on the bundled storage
      upload(http, admin, "m/", files, 64 * 1024, 8);
      Path bundled =
          Files.walk(server.home().resolve("storage"))
              .filter(p -> p.endsWith("objects"))
              .findFirst()
              .orElseThrow();
      long copyNanos = plainCopy(bundled, sdk, 4);
      String binding = binding(http, admin, s3);
      long start = System.nanoTime();
      Http.Response run =
          http.post("/api/v1/install/jobs/storage-object-migration-runner/run", "", installAdmin);
      long runNanos = System.nanoTime() - start;
      String state =
          http.get("/api/v1/orgs/bench/storage/migrations", admin)
              .json()
              .at("/items/0/state")
              .asText();
      double mib = files * 64.0 / 1024;
      System.out.printf(
          "migration of %d x 64 KiB (%s, run %s): %.0f objects/s, %.1f MiB/s; plain copy %.0f objects/s, %.1f MiB/s; ratio %.2f%n",
          files,
          state,
          run.json().get("status").asText(),
          files / (runNanos / 1e9),
          mib / (runNanos / 1e9),
          files / (copyNanos / 1e9),
          mib / (copyNanos / 1e9),
          (double) copyNanos / runNanos);

      for (int round = 0; round < 2; round++) {
        String label = round == 0 ? "warm-up " : "";
        large(http, admin, sdk, label);
        small(http, admin, sdk, label);
      }
      System.out.println("binding " + binding);
    }
    System.exit(0);
  }

  private static S3Client sdk(S3Proxy s3) {
    return S3Client.builder()
        .region(Region.of(S3Proxy.REGION))
        .endpointOverride(URI.create(s3.endpoint()))
        .forcePathStyle(true)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(S3Proxy.ACCESS_KEY, S3Proxy.SECRET)))
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .httpClient(ApacheHttpClient.builder().maxConnections(64).build())
        .build();
  }

  private static String binding(Http http, String admin, S3Proxy s3) {
    Http.Response created =
        http.post(
            "/api/v1/orgs/bench/storage/bindings",
            Http.json("type", "s3", "settings", s3.settings("bound", "bench", S3Proxy.SECRET)),
            admin);
    String id = created.json().get("id").asText();
    Http.Response active =
        http.post(
            "/api/v1/orgs/bench/storage/bindings/" + id + "/activate",
            Http.json("reason", "benchmark"),
            admin);
    if (active.status() != 200) {
      throw new IllegalStateException(active.body());
    }
    return id;
  }

  /** One unit of work of a timed run: the {@code i}-th object. */
  private interface Task {
    void run(int i) throws Exception;
  }

  /** Runs {@code task} for 0..n-1 on {@code threads} threads; returns the elapsed nanoseconds. */
  private static long timed(int n, int threads, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        done.add(
            pool.submit(
                () -> {
                  task.run(k);
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return System.nanoTime() - start;
    } finally {
      pool.shutdown();
    }
  }

  private static long plainCopy(Path dir, S3Client sdk, int threads) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    }
    return timed(
        files.size(),
        threads,
        i -> {
          Path f = files.get(i);
          try (InputStream in = Files.newInputStream(f)) {
            sdk.putObject(
                r -> r.bucket("direct").key("copy/" + f.getFileName()),
                RequestBody.fromInputStream(in, Files.size(f)));
          }
        });
  }

  private static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static long upload(Http http, String token, String prefix, int n, int size, int threads)
      throws Exception {
    return timed(
        n,
        threads,
        i -> {
          HttpPut put = new HttpPut(http.base() + "/api/v1/orgs/bench/files/" + prefix + i);
          put.setHeader("Authorization", "Bearer " + token);
          put.setEntity(new ByteArrayEntity(bytes(size, i), ContentType.APPLICATION_OCTET_STREAM));
          try (CloseableHttpResponse r = APACHE.execute(put)) {
            EntityUtils.consume(r.getEntity());
            if (r.getStatusLine().getStatusCode() != 200) {
              throw new IllegalStateException("upload answered " + r.getStatusLine());
            }
          }
        });
  }

  private static long download(Http http, String token, String prefix, int n, int threads)
      throws Exception {
    return timed(
        n,
        threads,
        i -> {
          HttpGet get = new HttpGet(http.base() + "/api/v1/orgs/bench/files/" + prefix + i);
          get.setHeader("Authorization", "Bearer " + token);
          try (CloseableHttpResponse r = APACHE.execute(get);
              InputStream in = r.getEntity().getContent()) {
            in.transferTo(OutputStream.nullOutputStream());
          }
        });
  }

  private static long direct(S3Client sdk, String prefix, int n, int size, int threads, boolean put)
      throws Exception {
    return timed(
        n,
        threads,
        i -> {
          if (put) {
            sdk.putObject(
                r -> r.bucket("direct").key(prefix + i), RequestBody.fromBytes(bytes(size, i)));
          } else {
            try (InputStream in = sdk.getObject(r -> r.bucket("direct").key(prefix + i))) {
              in.transferTo(OutputStream.nullOutputStream());
            }
          }
        });
  }

  private static void large(Http http, String admin, S3Client sdk, String label) throws Exception {
    int n = 8;
    int size = 64 * MIB;
    double total = n * 64.0;
    long up = upload(http, admin, "large/", n, size, 1);
    long down = download(http, admin, "large/", n, 1);
    long dUp = direct(sdk, "large/", n, size, 1, true);
    long dDown = direct(sdk, "large/", n, size, 1, false);
    System.out.printf(
        "%s64 MiB x %d, 1 client: upload %.0f MiB/s (direct %.0f, ratio %.2f), download %.0f MiB/s (direct %.0f, ratio %.2f)%n",
        label,
        n,
        total / (up / 1e9),
        total / (dUp / 1e9),
        (double) dUp / up,
        total / (down / 1e9),
        total / (dDown / 1e9),
        (double) dDown / down);
  }

  private static void small(Http http, String admin, S3Client sdk, String label) throws Exception {
    int n = 4000;
    long up = upload(http, admin, "small/", n, 4096, 8);
    long down = download(http, admin, "small/", n, 8);
    long head =
        timed(
            n,
            8,
            i -> {
              HttpHead h = new HttpHead(http.base() + "/api/v1/orgs/bench/files/small/" + i);
              h.setHeader("Authorization", "Bearer " + admin);
              try (CloseableHttpResponse r = APACHE.execute(h)) {
                EntityUtils.consume(r.getEntity());
              }
            });
    System.out.printf(
        "%s4 KiB x %d, 8 clients: HEAD (access check and metadata, no storage) %.0f/s%n",
        label, n, n / (head / 1e9));
    long dUp = direct(sdk, "small/", n, 4096, 8, true);
    long dDown = direct(sdk, "small/", n, 4096, 8, false);
    System.out.printf(
        "%s4 KiB x %d, 8 clients: upload %.0f/s (direct %.0f/s, ratio %.2f), download %.0f/s (direct %.0f/s, ratio %.2f)%n",
        label,
        n,
        n / (up / 1e9),
        n / (dUp / 1e9),
        (double) dUp / up,
        n / (down / 1e9),
        n / (dDown / 1e9),
        (double) dDown / down);
  }
}
