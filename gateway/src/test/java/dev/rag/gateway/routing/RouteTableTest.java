package dev.rag.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTableTest {

  private final RouteTable table = RouteTable.platform();

  private RouteTable.Resolution resolve(String method, String path) throws Exception {
    return table.resolve(method, CanonicalPath.parse(path));
  }

  private RouteMatch found(String method, String path) throws Exception {
    RouteTable.Resolution resolution = resolve(method, path);
    assertThat(resolution).as(method + " " + path).isInstanceOf(RouteTable.Resolution.Found.class);
    return ((RouteTable.Resolution.Found) resolution).match();
  }

  @Test
  void eachRouteNamesItsAccessAndUpstream() throws Exception {
    assertThat(found("POST", "/v1/answers").route().access()).isEqualTo(Access.APP);
    assertThat(found("POST", "/v1/answers").route().body()).isEqualTo(BodyScope.ANSWER);
    assertThat(found("POST", "/v1/chat/completions").route().body()).isEqualTo(BodyScope.ANSWER);
    assertThat(found("POST", "/v1/retrieve").route().body()).isEqualTo(BodyScope.RETRIEVAL);
    assertThat(found("GET", "/v1/models").route().access()).isEqualTo(Access.APP);
    assertThat(found("GET", "/v1/models/rag").route().upstream()).isEqualTo("generation");
    assertThat(found("POST", "/v1/admin/keys").route().access()).isEqualTo(Access.ADMIN);
    assertThat(found("DELETE", "/v1/admin/keys/key_1").route().access()).isEqualTo(Access.ADMIN);
    assertThat(found("GET", "/v1/collections").route().access()).isEqualTo(Access.ADMIN);
    assertThat(found("GET", "/v1/ingest-jobs/j1").route().upstream()).isEqualTo("ingest");
    assertThat(found("GET", "/actuator/health/readiness").route().access())
        .isEqualTo(Access.PUBLIC);
    assertThat(found("GET", "/actuator/metrics").route().access()).isEqualTo(Access.ADMIN);
  }

  @Test
  void pathVariablesNameTheCollection() throws Exception {
    RouteMatch read = found("GET", "/v1/collections/water/documents/water:a%20b.md");
    assertThat(read.collection()).isEqualTo("water");
    assertThat(read.variables()).containsEntry("id", "water:a b.md");
    assertThat(read.route().access()).isEqualTo(Access.APP);
    assertThat(found("POST", "/v1/collections/water/documents").route().access())
        .isEqualTo(Access.ADMIN);
    assertThat(found("DELETE", "/v1/collections/water/documents/d").route().access())
        .isEqualTo(Access.ADMIN);
    assertThat(found("HEAD", "/v1/collections/water").collection()).isEqualTo("water");
  }

  @Test
  void deletingACollectionAndListingItsJobsAreAdminRoutesScopedByThePath() throws Exception {
    RouteMatch delete = found("DELETE", "/v1/collections/water");
    assertThat(delete.route().access()).isEqualTo(Access.ADMIN);
    assertThat(delete.route().upstream()).isEqualTo("ingest");
    assertThat(delete.collection()).isEqualTo("water");
    RouteMatch jobs = found("GET", "/v1/collections/water/jobs");
    assertThat(jobs.route().access()).isEqualTo(Access.ADMIN);
    assertThat(jobs.collection()).isEqualTo("water");
  }

  @Test
  void theConsoleIsPublicStaticFilesAndItsDataRoutesNeedKeys() throws Exception {
    assertThat(found("GET", "/").route().access()).isEqualTo(Access.PUBLIC);
    assertThat(found("GET", "/console/app.js").route().access()).isEqualTo(Access.PUBLIC);
    assertThat(found("GET", "/console/pages/ask.js").route().upstream()).isEqualTo(Route.LOCAL);
    assertThat(resolve("POST", "/")).isInstanceOf(RouteTable.Resolution.WrongMethod.class);
    assertThat(resolve("GET", "/consoles")).isInstanceOf(RouteTable.Resolution.Unknown.class);
    RouteMatch chunks = found("GET", "/v1/collections/water/documents/water:a.md/chunks");
    assertThat(chunks.route().access()).isEqualTo(Access.APP);
    assertThat(chunks.route().upstream()).isEqualTo("retrieval");
    assertThat(chunks.collection()).isEqualTo("water");
    assertThat(found("GET", "/v1/me").route().access()).isEqualTo(Access.APP);
    assertThat(found("GET", "/v1/admin/status").route().access()).isEqualTo(Access.ADMIN);
  }

  @Test
  void unknownPathsAndMethodsResolveToNothing() throws Exception {
    assertThat(resolve("GET", "/V1/answers")).isInstanceOf(RouteTable.Resolution.Unknown.class);
    assertThat(resolve("GET", "/v1/documents/x")).isInstanceOf(RouteTable.Resolution.Unknown.class);
    assertThat(resolve("POST", "/v1/answers/extra"))
        .isInstanceOf(RouteTable.Resolution.Unknown.class);
    assertThat(resolve("POST", "/v1")).isInstanceOf(RouteTable.Resolution.Unknown.class);
    assertThat(resolve("GET", "/v1/answers"))
        .isEqualTo(new RouteTable.Resolution.WrongMethod(java.util.Set.of("POST")));
    assertThat(resolve("PUT", "/v1/admin/keys/k"))
        .isInstanceOf(RouteTable.Resolution.WrongMethod.class);
  }
}
