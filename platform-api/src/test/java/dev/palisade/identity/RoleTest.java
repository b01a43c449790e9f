package dev.palisade.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RoleTest {
  @Test
  void adminsHoldEveryPermissionAuditorsReadAndMembersViewAndUseFiles() {
    assertThat(Role.ADMIN.permissions()).isEqualTo(EnumSet.allOf(Permission.class));
    assertThat(Role.AUDITOR.permissions())
        .containsExactlyInAnyOrder(
            Permission.ORG_VIEW,
            Permission.MEMBERS_VIEW,
            Permission.AUDIT_VIEW,
            Permission.FILES_READ);
    assertThat(Role.MEMBER.permissions())
        .containsExactlyInAnyOrder(
            Permission.ORG_VIEW, Permission.FILES_READ, Permission.FILES_WRITE);
  }

  @Test
  void permissionNamesAreStable() {
    assertThat(Permission.AUDIT_VIEW.value()).isEqualTo("audit:view");
    assertThat(Permission.MEMBERS_MANAGE.value()).isEqualTo("members:manage");
    assertThat(Permission.SETTINGS_MANAGE.value()).isEqualTo("settings:manage");
  }

  @Test
  void parsesOnlyKnownRoleNames() {
    assertThat(Role.parse("auditor")).contains(Role.AUDITOR);
    assertThat(Role.parse("Admin")).isEmpty();
    assertThat(Role.parse(Role.INSTALL_ADMIN)).isEmpty();
    assertThat(Role.parse(null)).isEmpty();
  }
}
