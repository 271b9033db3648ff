"""Model helpers of orgs shown in the frame (当前角色)."""

from zhuanji.orgs.models import Role


def test_role_label_reads_naturally(world):
    assert world.platform_admin.memberships.get().role_label == "平台管理员"
    assert world.unit_admin.memberships.get().role_label == "基层单位管理员"
    assert world.competent_staff.memberships.get().role_label == "行业主管部门审核人员"
    assert Role.ADMIN.label == "管理员"
