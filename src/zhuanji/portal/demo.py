"""Demo notices for `make run`: the home page of the old platform as the manuals show it.

Created through the services by the platform administrator, so they are sanitised and audited; safe to call again.
"""

import datetime

from django.utils import timezone

from zhuanji.accounts.models import User
from zhuanji.orgs.models import Region

from . import services
from .models import Notice

K, C = Notice.Kind, Notice.Category

# (kind, category, region code or "" for 自治区本级, title, month-day published in 2023)
NOTICES = (
    (K.NOTICE, C.TITLES, "", "关于开展2023年度自治区工程系列安全工程专业职称评审工作的通知", (10, 24)),
    (K.NOTICE, C.TITLES, "", "关于开展2023年度自治区快递工程专业职称评审工作的通知", (10, 23)),
    (K.NOTICE, C.TITLES, "", "关于延长2023年度自治区党干校教师系列职称申报时间的通知", (10, 20)),
    (K.NOTICE, C.TITLES, "", "关于延长2023年自治区中小学教师系列、中等职业学校教师系列职称申报时间的通知", (10, 18)),
    (K.NOTICE, C.TITLES, "", "关于开展2023年度自治区出版系列高级职称评审工作的通知", (10, 17)),
    (K.NOTICE, C.TITLES, "", "关于开展2023年度自治区翻译系列少数民族语文翻译专业职称评审工作的通知", (10, 11)),
    (K.NOTICE, C.TALENT, "", "申报二级岗位竞聘请由此进入（专业技术二级岗位）", (10, 11)),
    (K.NOTICE, C.TRAINING, "", "关于举办2023年度自治区党干校教师系列专业技术人员继续教育培训班的通知", (9, 15)),
    (K.NOTICE, C.TALENT, "", "关于开展2023年度自治区民营企业职称专项评审工作的通知", (9, 1)),
    (K.NOTICE, C.TITLES, "650100", "关于做好2023年度乌鲁木齐市中级职称评审工作的通知", (10, 12)),
    (K.POLICY, C.TITLES, "", "关于进一步做好自治区职称工作的通知（新人社发〔2020〕25号）", (8, 20)),
    (K.POLICY, C.TRAINING, "", "专业技术人员继续教育规定（人社部令第25号）", (8, 1)),
    (K.POLICY, C.TALENT, "", "关于进一步做好民营企业职称工作的通知（人社厅发〔2020〕13号）", (7, 10)),
    (K.GUIDE, C.TITLES, "", "职称评审申报业务操作指南", (6, 1)),
    (K.GUIDE, C.TITLES, "", "初次确定业务操作指南", (6, 1)),
    (K.GUIDE, C.TITLES, "", "授予业务操作指南", (6, 1)),
    (K.GUIDE, C.TITLES, "", "职称证书丢失补办业务操作指南", (6, 1)),
    (K.GUIDE, C.TITLES, "", "特殊人才认定业务操作指南", (6, 1)),
    (K.GUIDE, C.TRAINING, "", "专业技术人员继续教育专业课学时认定操作指南", (6, 1)),
)

BODY = ("<p>各有关单位：</p><p>现将有关事项通知如下，请各单位认真组织，按时完成申报和审核工作。</p>"
        "<p>申报人请登录新疆专业技术人员管理平台，选择正确的登录入口办理。</p>")


def load_demo(admin_username: str = "admin") -> None:
    actor = User.objects.get(username=admin_username)
    if Notice.objects.exists():
        return
    regions = {r.code: r for r in Region.objects.all()}
    for kind, category, region_code, title, (month, day) in NOTICES:
        notice = services.notice_create(actor=actor, kind=kind, category=category,
                                        region=regions.get(region_code), title=title, body=BODY)
        services.notice_publish(actor=actor, notice=notice)
        # The manuals' dates, so the home page reads like the old one (publishing stamps "now").
        Notice.objects.filter(pk=notice.pk).update(
            published_at=timezone.make_aware(datetime.datetime(2023, month, day, 10, 0)))
