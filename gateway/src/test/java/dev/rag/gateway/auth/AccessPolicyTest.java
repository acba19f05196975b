package dev.rag.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

  private final AccessPolicy policy = new AccessPolicy();
  private final Caller app = Caller.of("key_app", Role.APP, List.of("water"));
  private final Caller admin = Caller.of("key_admin", Role.ADMIN, List.of("*"));

  @Test
  void operationalEndpointsAreOpenAndEverythingUnderV1NeedsAKey() {
    assertThat(policy.of("GET", "/actuator/health").authenticated()).isFalse();
    assertThat(policy.of("GET", "/v3/api-docs").authenticated()).isFalse();
    assertThat(policy.of("GET", "/v1/no-such-route").authenticated()).isTrue();
    assertThat(policy.of("GET", "/v1/no-such-route").allows(app)).isTrue();
  }

  @Test
  void appKeysAskAndReadTheirCollectionAdminsChangeThings() {
    assertThat(policy.of("POST", "/v1/answers").allows(app)).isTrue();
    assertThat(policy.of("POST", "/v1/retrieve").allows(app)).isTrue();
    assertThat(policy.of("GET", "/v1/collections/water/documents/water:a.md").allows(app)).isTrue();
    assertThat(policy.of("GET", "/v1/collections/water/documents/water:a.md").collection()).isEqualTo("water");
    assertThat(policy.of("POST", "/v1/collections/water/documents").allows(app)).isFalse();
    assertThat(policy.of("DELETE", "/v1/collections/water/documents/d").allows(app)).isFalse();
    assertThat(policy.of("GET", "/v1/collections").allows(app)).isFalse();
    assertThat(policy.of("GET", "/v1/ingest-jobs/j").allows(app)).isFalse();
    assertThat(policy.of("POST", "/v1/admin/keys").allows(app)).isFalse();
    assertThat(policy.of("POST", "/v1/admin/keys").allows(admin)).isTrue();
    assertThat(policy.of("POST", "/v1/collections/water/documents").allows(admin)).isTrue();
  }

  @Test
  void callersUseOnlyTheirCollectionsUnlessGrantedAll() {
    assertThat(app.mayUse("water")).isTrue();
    assertThat(app.mayUse("sewage")).isFalse();
    assertThat(admin.mayUse("sewage")).isTrue();
  }
}
