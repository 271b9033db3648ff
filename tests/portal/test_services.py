import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from zhuanji.audit.models import AuditEntry
from zhuanji.portal import services
from zhuanji.portal.models import Notice

from .conftest import NoticeFactory


def _create(actor, **overrides):
    data = {"kind": Notice.Kind.NOTICE, "category": Notice.Category.TITLES, "region": None,
            "title": "关于开展2023年度自治区出版系列高级职称评审工作的通知", "body": "<p>正文</p>"}
    return services.notice_create(actor=actor, **{**data, **overrides})


def test_create_sanitises_body_and_is_audited(world):
    notice = _create(world.platform_admin,
                     body='<p onclick="steal()">通知<script>alert(1)</script><a href="javascript:x()">链接</a></p>')
    assert "<script" not in notice.body and "alert(1)" not in notice.body
    assert "onclick" not in notice.body and "javascript:" not in notice.body
    assert "<p>通知" in notice.body
    assert notice.is_published is False and notice.published_at is None
    entry = AuditEntry.objects.get(action="notice.create")
    assert entry.actor == world.platform_admin and entry.object_id == str(notice.pk)


def test_title_is_limited_to_100_characters(world):
    with pytest.raises(ValidationError) as exc:
        _create(world.platform_admin, title="长" * 101)
    assert "title" in exc.value.message_dict
    assert not Notice.objects.exists()


def test_publish_unpublish_update_delete(world):
    notice = _create(world.platform_admin)
    notice = services.notice_publish(actor=world.platform_admin, notice=notice)
    assert notice.is_published and notice.published_at is not None
    first_published = notice.published_at
    notice = services.notice_unpublish(actor=world.platform_admin, notice=notice)
    assert not notice.is_published and notice.published_at == first_published
    notice = services.notice_update(actor=world.platform_admin, notice=notice, kind=Notice.Kind.POLICY,
                                    category=Notice.Category.TRAINING, region=world.urumqi, title=" 新标题 ",
                                    body="<b>改</b><script>x</script>")
    assert (notice.kind, notice.region, notice.title, notice.body) == ("policy", world.urumqi, "新标题", "<b>改</b>")
    services.notice_delete(actor=world.platform_admin, notice=notice)
    assert not Notice.objects.exists()
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["notice.create", "notice.publish", "notice.unpublish", "notice.update", "notice.delete"]
    update = AuditEntry.objects.get(action="notice.update")
    assert update.before["title"] != update.after["title"]


def test_people_and_reviewers_may_not_manage(world):
    for user in (world.person, world.unit_admin, world.hr_department_staff):
        with pytest.raises(PermissionDenied):
            _create(user)
    notice = NoticeFactory()
    with pytest.raises(PermissionDenied):
        services.notice_delete(actor=world.person, notice=notice)
    assert not AuditEntry.objects.exists()


def test_prefecture_manager_publishes_only_for_its_prefecture(world, hr_bureau_admin):
    with pytest.raises(ValidationError) as exc:
        _create(hr_bureau_admin, region=None)
    assert exc.value.message_dict["region"] == ["您不能发布该区域的通知公告"]
    with pytest.raises(ValidationError):
        _create(hr_bureau_admin, region=world.kashgar)
    notice = _create(hr_bureau_admin, region=world.urumqi)
    assert notice.region == world.urumqi
    with pytest.raises(ValidationError):
        services.notice_update(actor=hr_bureau_admin, notice=notice, kind="notice", category="titles",
                               region=None, title="改到自治区", body="")


def test_region_manager_publishes_region_level(world, hr_department_admin):
    # Choosing the 自治区 Region row itself also means 自治区本级 (stored as no region).
    notice = _create(hr_department_admin, region=world.region)
    assert notice.region is None
    with pytest.raises(ValidationError):
        _create(hr_department_admin, region=world.urumqi)


def test_republishing_keeps_the_first_publication_date(world):
    notice = services.notice_publish(actor=world.platform_admin, notice=_create(world.platform_admin))
    first_published = notice.published_at
    services.notice_unpublish(actor=world.platform_admin, notice=notice)
    notice = services.notice_publish(actor=world.platform_admin, notice=notice)
    assert notice.is_published and notice.published_at == first_published


def test_prefecture_manager_cannot_take_over_another_prefectures_notice(world, hr_bureau_admin):
    foreign = _create(world.platform_admin, region=world.kashgar)
    with pytest.raises(ValidationError):
        services.notice_update(actor=hr_bureau_admin, notice=foreign, kind="notice", category="titles",
                               region=world.urumqi, title="改到乌鲁木齐", body="")
    foreign.refresh_from_db()
    assert foreign.region == world.kashgar and not AuditEntry.objects.filter(action="notice.update").exists()
