import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from zhuanji.audit.masking import mask_id_number, mask_numbers_in_text
from zhuanji.audit.services import SYSTEM, record


def test_mask_numbers_in_text():
    text = "张伟(650102199001011234) 手机13912345678 单位编号DWBH00000001 电话0991-2345678"
    masked = mask_numbers_in_text(text)
    assert "650102199001011234" not in masked and "6501************34" in masked
    assert "13912345678" not in masked and "139****5678" in masked
    assert "DWBH00000001" in masked and "0991-2345678" in masked
    assert mask_numbers_in_text("65010219900101123X") == "6501************3X"
    assert mask_numbers_in_text(None) == ""


def test_list_never_shows_a_raw_id_number(world, login):
    id_number = world.person.username
    record(actor=world.person, action="hours.submit", obj=world.unit,
           object_repr=f"学时认定申请 {world.person.name} {id_number}", after={"phone": "13912345678"})
    html = login(world.platform_admin).get(reverse("audit:list")).content.decode()
    assert id_number not in html and mask_id_number(id_number) in html
    assert "hours.submit" in html and "共1条" in html


def test_detail_shows_masked_before_and_after(world, login):
    entry = record(actor=world.platform_admin, action="person.update", obj=world.person,
                   before={"phone": "13912345678", "name": "张伟"}, after={"phone": "13800001111", "name": "张伟"})
    client = login(world.platform_admin)
    html = client.get(reverse("audit:detail", args=[entry.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html and "139****5678" in html and "138****1111" in html
    assert "13912345678" not in html and world.person.username not in html
    html = client.get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert "审计详情" in html and "<html" in html


def test_filters_by_keyword_action_ip_and_dates(world, login, record_at):
    record(actor=world.platform_admin, action="notice.publish", object_repr="关于职称评审的通知", ip="10.1.2.3")
    record(actor=SYSTEM, action="certificates.issue", object_repr="证书ZS0001", ip="10.9.9.9")
    record_at(timezone.now() - datetime.timedelta(days=40), actor=SYSTEM, action="certificates.issue",
              object_repr="旧证书")
    client = login(world.platform_admin)

    def rows(**params):
        html = client.get(reverse("audit:list"), params).content.decode()
        return html.split("共", 1)[1].split("条", 1)[0]

    # Each viewing of the list is recorded after the page is made: the nth request also lists n-1 viewings.
    assert rows() == "3"
    assert rows(keyword="职称评审") == "1"
    assert rows(keyword="10.9.9.9") == "1"
    assert rows(action="certificates.issue") == "2"
    assert rows(keyword="平台管理员") == "5"  # the notice and the four viewings before this one
    today = timezone.localdate()
    assert rows(date_from=(today - datetime.timedelta(days=1)).isoformat(), date_to=today.isoformat(),
                action="certificates.issue") == "1"
    html = client.get(reverse("audit:list"), {"date_from": "2024-02-01", "date_to": "2024-01-01"}).content.decode()
    assert "结束日期不能早于开始日期" in html


def test_list_query_count_does_not_grow(world, login):
    client = login(world.platform_admin)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("audit:list")).status_code == 200
        return len(ctx)

    for org in (world.unit, world.committee):
        record(actor=world.person, action="x.one", obj=org, org=org)
    small = count()
    for _ in range(18):
        record(actor=world.unit_admin, action="x.many", obj=world.unit, org=world.unit)
    assert count() == small


def test_people_without_the_permission_are_refused(world, login):
    assert login(world.hr_department_staff).get(reverse("audit:list")).status_code == 403
    response = login(None).get(reverse("audit:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_detail_masks_the_id_number_in_the_actor_label(world, login):
    entry = record(actor=world.person, action="password_change", obj=world.unit)
    html = login(world.platform_admin).get(reverse("audit:detail", args=[entry.pk])).content.decode()
    assert world.person.username not in html and mask_id_number(world.person.username) in html
