import factory
import pytest
from django.utils import timezone

from zhuanji.orgs.models import Role
from zhuanji.portal.models import Notice

from ..factories import UserFactory, staff_of


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    kind = Notice.Kind.NOTICE
    category = Notice.Category.TITLES
    title = factory.Sequence(lambda n: f"关于开展2023年度自治区工程系列职称评审工作的通知{n}")
    body = "<p>各有关单位：现将有关事项通知如下。</p>"
    is_published = True
    published_at = factory.LazyFunction(timezone.now)
    author = factory.SubFactory(UserFactory)


@pytest.fixture
def hr_bureau_admin(world):
    """A 地州 manager: may publish notices for 乌鲁木齐市 only."""
    return staff_of(world.hr_bureau, Role.ADMIN, name="乌市人社局管理员")


@pytest.fixture
def hr_department_admin(world):
    """A 自治区 manager: may publish 自治区本级 notices."""
    return staff_of(world.hr_department, Role.ADMIN, name="人社厅管理员")
