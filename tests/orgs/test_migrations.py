"""orgs 0002/0003: `Organisation.base_level` and the parent-as-主管单位/组建单位 meaning move into the profiles."""

import pytest

from tests.migrating import migrate, migrate_to_latest

BEFORE = [("orgs", "0001_initial")]
AFTER = [("orgs", "0003_remove_organisation_base_level")]


@pytest.mark.django_db(transaction=True)
def test_profiles_are_made_from_the_tree_and_base_level_and_back():
    old = migrate(BEFORE)
    try:
        Region, Organisation = old.get_model("orgs", "Region"), old.get_model("orgs", "Organisation")
        region = Region.objects.create(code="650000", name="新疆维吾尔自治区", level="region")
        urumqi = Region.objects.create(code="650100", name="乌鲁木齐市", level="prefecture", parent=region)
        competent = Organisation.objects.create(code="ZG1", name="教育厅", kind="competent", region=region)
        bureau = Organisation.objects.create(code="RSJ1", name="乌市人社局", kind="hr_bureau", region=urumqi)
        Organisation.objects.create(code="JD1", name="国家级基地", kind="ce_base", region=region, parent=competent,
                                    base_level="national")
        Organisation.objects.create(code="JD2", name="乌市基地", kind="ce_base", region=urumqi, parent=bureau)
        Organisation.objects.create(code="PS1", name="高校评委会", kind="committee", region=region, parent=competent,
                                    address="新华南路1号", contact_name="职称科", contact_phone="0991-2856677")
        Organisation.objects.create(code="PS2", name="无组建单位的评委会", kind="committee", region=urumqi)

        new = migrate(AFTER)
        BaseProfile, CommitteeProfile = new.get_model("orgs", "BaseProfile"), new.get_model("orgs", "CommitteeProfile")
        bases = {p.base.code: (p.level, p.supervisor.code) for p in BaseProfile.objects.select_related("base",
                                                                                                      "supervisor")}
        # A base without a level took its region's: 地州级 in a 地州.
        assert bases == {"JD1": ("national", "ZG1"), "JD2": ("prefecture", "RSJ1")}
        first = CommitteeProfile.objects.get(committee__code="PS1")
        assert (first.level.code, first.founder.code, first.office_address) == ("650000", "ZG1", "新华南路1号")
        assert [(c.name, c.phone) for c in first.contacts.all()] == [("职称科", "0991-2856677")]
        second = CommitteeProfile.objects.get(committee__code="PS2")
        assert (second.level.code, second.founder, second.contacts.count()) == ("650100", None, 0)

        old = migrate(BEFORE)
        levels = dict(old.get_model("orgs", "Organisation").objects.filter(kind="ce_base")
                      .values_list("code", "base_level"))
        assert levels == {"JD1": "national", "JD2": "prefecture"}
    finally:
        migrate_to_latest()
