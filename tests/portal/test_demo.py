from zhuanji.audit.models import AuditEntry
from zhuanji.portal import demo
from zhuanji.portal.models import Notice

from ..factories import UserFactory


def test_demo_notices_are_published_through_the_services_once(world):
    UserFactory(username="admin", is_superuser=True)
    demo.load_demo()
    assert Notice.objects.filter(is_published=True).count() == len(demo.NOTICES)
    assert Notice.objects.filter(region=world.urumqi).count() == 1
    assert AuditEntry.objects.filter(action="notice.publish").count() == len(demo.NOTICES)
    latest = Notice.objects.filter(kind="notice", region=None).first()
    assert latest.published_at.strftime("%m-%d") == "10-24"
    demo.load_demo()
    assert Notice.objects.count() == len(demo.NOTICES)
