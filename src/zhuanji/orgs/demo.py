"""Demo committee details for `make run`: the demo committee's 办事机构 and its contacts, so 评审办事机构联系方式,
评审委员会管理 and 可评审专业 show real content. Its 可评审专业 come from the province data (committee_scopes.csv).

Entered through the services by the 自治区职称办公室's demo staff (the office of the committee's level), so they are
validated and audited; safe to call again. Demo data only: the shipped province files invent no phone numbers.
"""

from zhuanji.accounts.models import User

from .acting import acting_as
from .models import CommitteeContact, Organisation
from .services.committees import committee_contact_add, committee_office_update

COMMITTEE_CODE = "PSWY0001"
OFFICE_CODE = "ZCB650000"
OFFICE = {"office_name": "新疆维吾尔自治区教育厅高校教师职称评审办公室", "location": "乌鲁木齐市",
          "office_address": "乌鲁木齐市天山区演示路1号"}
# (post, name, office phone, mobile): the committee's demo administrator heads it.
CONTACTS = (
    (CommitteeContact.Post.HEAD, "孙丽华", "0991-8582106", "13899110006"),
    (CommitteeContact.Post.CONTACT, "热依拉·买买提", "0991-8582107", ""),
)


def load_demo() -> None:
    committee = Organisation.objects.select_related("committee_profile").filter(code=COMMITTEE_CODE).first()
    office = Organisation.objects.filter(code=OFFICE_CODE).first()
    staff = User.objects.filter(memberships__org=office, memberships__is_active=True).order_by("pk").first()
    if committee is None or staff is None:
        return
    actor = acting_as(staff, office)
    profile = committee.committee_profile
    if not profile.office_name:
        committee_office_update(actor=actor, committee=committee, **OFFICE)
    for post, name, phone, mobile in CONTACTS:
        if not profile.contacts.filter(name=name).exists():
            committee_contact_add(actor=actor, committee=committee, post=post, name=name, phone=phone, mobile=mobile)
