package dev.rag.support.openapi;

import dev.rag.contracts.problem.ProblemType;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The platform's error responses as named OpenAPI components: one per HTTP status of {@link
 * ProblemType}, each an {@code application/problem+json} body of the shared {@code Problem} schema,
 * its description listing the problem types (stable {@code type} URNs) a client may see with that
 * status. Operations reference them by the constants below ({@code @ApiResponse(responseCode =
 * "404", ref = ProblemResponses.NOT_FOUND)}), so a status means the same thing in every document.
 */
public final class ProblemResponses {

  public static final String PROBLEM_SCHEMA = "Problem";
  public static final String PROBLEM_JSON = "application/problem+json";

  private static final String PREFIX = "#/components/responses/";
  public static final String BAD_REQUEST = PREFIX + "BadRequest";
  public static final String UNAUTHORIZED = PREFIX + "Unauthorized";
  public static final String FORBIDDEN = PREFIX + "Forbidden";
  public static final String NOT_FOUND = PREFIX + "NotFound";
  public static final String METHOD_NOT_ALLOWED = PREFIX + "MethodNotAllowed";
  public static final String NOT_ACCEPTABLE = PREFIX + "NotAcceptable";
  public static final String CONFLICT = PREFIX + "Conflict";
  public static final String CONTENT_TOO_LARGE = PREFIX + "ContentTooLarge";
  public static final String UNSUPPORTED_MEDIA_TYPE = PREFIX + "UnsupportedMediaType";
  public static final String UNPROCESSABLE_CONTENT = PREFIX + "UnprocessableContent";
  public static final String TOO_MANY_REQUESTS = PREFIX + "TooManyRequests";
  public static final String INTERNAL_ERROR = PREFIX + "InternalError";
  public static final String UNAVAILABLE = PREFIX + "Unavailable";
  public static final String TIMEOUT = PREFIX + "Timeout";

  /** The component reference of each status a {@link ProblemType} has. */
  static final Map<Integer, String> BY_STATUS =
      Map.ofEntries(
          Map.entry(400, BAD_REQUEST),
          Map.entry(401, UNAUTHORIZED),
          Map.entry(403, FORBIDDEN),
          Map.entry(404, NOT_FOUND),
          Map.entry(405, METHOD_NOT_ALLOWED),
          Map.entry(406, NOT_ACCEPTABLE),
          Map.entry(409, CONFLICT),
          Map.entry(413, CONTENT_TOO_LARGE),
          Map.entry(415, UNSUPPORTED_MEDIA_TYPE),
          Map.entry(422, UNPROCESSABLE_CONTENT),
          Map.entry(429, TOO_MANY_REQUESTS),
          Map.entry(500, INTERNAL_ERROR),
          Map.entry(503, UNAVAILABLE),
          Map.entry(504, TIMEOUT));

  /**
   * What any operation may answer, whatever it does: bad path or body (400), no or a bad key (401),
   * a role or collection the key lacks (403), the key's rate limit (429), an unexpected error (500)
   * and a service or store that cannot be reached (503).
   */
  static final List<Integer> EVERY_OPERATION = List.of(400, 401, 403, 429, 500, 503);

  private ProblemResponses() {}

  /** Adds the {@code Problem} schema and one response per problem status to {@code components}. */
  static Components addTo(Components components) {
    components.addSchemas(PROBLEM_SCHEMA, problemSchema());
    Map<Integer, List<ProblemType>> byStatus =
        List.of(ProblemType.values()).stream()
            .collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
    byStatus.forEach(
        (status, types) -> components.addResponses(name(status), response(status, types)));
    return components;
  }

  /** Adds a reference for each of {@link #EVERY_OPERATION} the operation does not declare. */
  static void addShared(Operation operation) {
    if (operation.getResponses() == null) {
      operation.setResponses(new ApiResponses());
    }
    for (int status : EVERY_OPERATION) {
      operation
          .getResponses()
          .computeIfAbsent(
              Integer.toString(status), code -> new ApiResponse().$ref(BY_STATUS.get(status)));
    }
  }

  static String name(int status) {
    String ref = BY_STATUS.get(status);
    if (ref == null) {
      throw new IllegalStateException(
          "no response component is named for HTTP status " + status + " (ProblemResponses)");
    }
    return ref.substring(PREFIX.length());
  }

  private static ApiResponse response(int status, List<ProblemType> types) {
    String description =
        types.stream()
            .map(type -> type.title() + " (`" + type.uri() + "`)")
            .collect(Collectors.joining("; "));
    ApiResponse response =
        new ApiResponse()
            .description(description)
            .content(
                new Content()
                    .addMediaType(
                        PROBLEM_JSON, new MediaType().schema(new Schema<>().$ref(PROBLEM_SCHEMA))));
    if (status == 429 || status == 503) {
      response.addHeaderObject(
          "Retry-After",
          new Header()
              .description("Seconds to wait before trying again")
              .schema(new IntegerSchema()));
    }
    return response;
  }

  /** RFC 9457's members; services add their own (such as {@code field}) next to them. */
  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("An RFC 9457 problem detail; `type` is a stable URN clients may switch on.")
        .addProperty(
            "type",
            new StringSchema()
                .format("uri")
                .description("The problem type, `urn:rag:problem:<slug>`")
                .example(ProblemType.VALIDATION.uri().toString()))
        .addProperty("title", new StringSchema().description("The type's fixed, short title"))
        .addProperty("status", new IntegerSchema().description("The HTTP status"))
        .addProperty("detail", new StringSchema().description("What went wrong in this occurrence"))
        .addProperty(
            "instance", new StringSchema().format("uri-reference").description("The request path"))
        .addProperty(
            "field",
            new StringSchema().description("The request field a validation problem is about"))
        .required(List.of("type", "title", "status"));
  }
}
