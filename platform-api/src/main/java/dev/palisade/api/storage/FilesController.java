package dev.palisade.api.storage;

import dev.palisade.errors.ErrorCode;
import dev.palisade.errors.PlatformException;
import dev.palisade.identity.AccessControl;
import dev.palisade.identity.Permission;
import dev.palisade.paging.Page;
import dev.palisade.storage.FileKey;
import dev.palisade.storage.OrgFiles;
import dev.palisade.storage.StoredObject;
import dev.palisade.tenancy.Scope;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Head;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.io.InputStream;
import java.util.List;

/**
 * An organization's files: upload (raw body, streamed), download (streamed, {@code ETag} the
 * SHA-256), metadata, delete, listing by prefix. {@code files:read} to read, {@code files:write} to
 * change. File operations are not audited one by one; binding changes and migrations are.
 */
@Controller("/api/v1/orgs/{slug}/files")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class FilesController {
  private static final int CONTENT_TYPE_MAX = 200;

  private final AccessControl access;
  private final OrgFiles files;

  FilesController(AccessControl access, OrgFiles files) {
    this.access = access;
    this.files = files;
  }

  @Get
  Page<StoredObject> list(
      Authentication auth,
      String slug,
      @Nullable @QueryValue String prefix,
      @Nullable @QueryValue String cursor,
      @Nullable @QueryValue Integer limit) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.FILES_READ);
    int n = Page.limit(limit);
    String after = Page.decode(cursor);
    List<StoredObject> rows = files.list(Scope.of(a.org()), FileKey.prefix(prefix), after, n + 1);
    return Page.of(rows, n, StoredObject::key);
  }

  @Put(value = "/{+key}", consumes = MediaType.ALL)
  StoredObject put(
      Authentication auth,
      String slug,
      String key,
      HttpRequest<?> request,
      @Body InputStream body) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.FILES_WRITE);
    FileKey.check(key, "key");
    long length = request.getContentLength();
    if (length < 0) {
      throw PlatformException.invalidField("Content-Length", "is required");
    }
    String type = request.getHeaders().get("Content-Type");
    type = type == null || type.isBlank() ? MediaType.APPLICATION_OCTET_STREAM : type.strip();
    if (type.length() > CONTENT_TYPE_MAX || type.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw PlatformException.invalidField(
          "Content-Type", "must be at most " + CONTENT_TYPE_MAX + " printable ASCII characters");
    }
    Checksums.Expected expected = Checksums.expected(request.getHeaders());
    return files.put(
        Scope.of(a.org()), key, type, length, expected.sha256(), expected.field(), body);
  }

  @Get(value = "/{+key}", produces = MediaType.ALL, headRoute = false)
  HttpResponse<FileContent> get(Authentication auth, String slug, String key) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.FILES_READ);
    FileKey.check(key, "key");
    OrgFiles.Download d = files.open(Scope.of(a.org()), key).orElseThrow(FilesController::notFound);
    return headers(HttpResponse.ok(new FileContent(d.content(), d.meta().size())), d.meta())
        .contentType(d.meta().contentType());
  }

  @Head("/{+key}")
  HttpResponse<?> head(Authentication auth, String slug, String key) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.FILES_READ);
    FileKey.check(key, "key");
    StoredObject o = files.head(Scope.of(a.org()), key).orElseThrow(FilesController::notFound);
    return headers(HttpResponse.ok(), o)
        .contentType(o.contentType())
        .header("X-Content-Length", Long.toString(o.size()));
  }

  @Delete("/{+key}")
  HttpResponse<?> delete(Authentication auth, String slug, String key) {
    AccessControl.OrgAccess a = access.requireOrg(auth, slug, Permission.FILES_WRITE);
    FileKey.check(key, "key");
    if (!files.delete(Scope.of(a.org()), key)) {
      throw notFound();
    }
    return HttpResponse.noContent();
  }

  private static <T> MutableHttpResponse<T> headers(MutableHttpResponse<T> r, StoredObject o) {
    return r.header("ETag", "\"" + o.sha256() + "\"").header("X-Checksum-Sha256", o.sha256());
  }

  private static PlatformException notFound() {
    return new PlatformException(ErrorCode.NOT_FOUND, "no such file");
  }
}
