package dev.palisade.api.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.palisade.events.EvidenceQueries;
import dev.palisade.events.EvidenceView;
import dev.palisade.events.Filters;
import dev.palisade.identity.AccessControl;
import dev.palisade.paging.Page;
import dev.palisade.tenancy.Organizations;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signed operation evidence (install admins): listing, one receipt with the install audit entry
 * that chains it, and the receipt file for offline verification (see docs/investigations.md).
 */
@Controller("/api/v1/install/evidence")
@Secured(SecurityRule.IS_AUTHENTICATED)
@ExecuteOn(TaskExecutors.BLOCKING)
final class EvidenceController {
  /** The {@code format} member of a downloaded receipt file. */
  static final String FORMAT = "palisade-receipt/1";

  private final AccessControl access;
  private final EvidenceQueries queries;
  private final Organizations organizations;
  private final ObjectMapper json;

  EvidenceController(
      AccessControl access,
      EvidenceQueries queries,
      Organizations organizations,
      ObjectMapper json) {
    this.access = access;
    this.queries = queries;
    this.organizations = organizations;
    this.json = json;
  }

  /** One receipt: its fields, the exact signed document, the signature, and its chain entry. */
  record EvidenceDetail(
      EvidenceView receipt,
      String algorithm,
      String document,
      String documentSha256,
      String signature,
      EvidenceQueries.ChainLink auditEntry) {}

  @Get
  Page<EvidenceView> list(
      Authentication auth,
      @Nullable @QueryValue String operation,
      @Nullable @QueryValue String org,
      @Nullable @QueryValue String from,
      @Nullable @QueryValue String to,
      @Nullable @QueryValue Integer limit,
      @Nullable @QueryValue String cursor) {
    access.requireInstallAdmin(auth);
    return queries.list(operation, Filters.org(organizations, org), from, to, limit, cursor);
  }

  @Get("/{id}")
  EvidenceDetail get(Authentication auth, String id) {
    access.requireInstallAdmin(auth);
    EvidenceView v = queries.get(Filters.id(id));
    return new EvidenceDetail(
        v,
        "Ed25519",
        v.document(),
        dev.palisade.crypto.Hashes.sha256Hex(v.document()),
        Base64.getEncoder().encodeToString(v.signature()),
        queries.chainLink(v.id()).orElse(null));
  }

  @Get("/{id}/receipt")
  HttpResponse<byte[]> receipt(Authentication auth, String id) throws JsonProcessingException {
    access.requireInstallAdmin(auth);
    EvidenceView v = queries.get(Filters.id(id));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("format", FORMAT);
    file.put("algorithm", "Ed25519");
    file.put("keyId", v.keyId());
    file.put("document", v.document());
    file.put("signature", Base64.getEncoder().encodeToString(v.signature()));
    byte[] body =
        (json.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    return HttpResponse.ok(body)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            "attachment; filename=\"receipt-" + v.id() + ".json\"");
  }
}
