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


# The guide the hours module links to, written from the manual (seed 000) step by step.
HOURS_GUIDE = (
    "<h3>第一章 申报人篇</h3>"
    "<ol>"
    "<li>登录新疆专业技术人员管理平台（身份证号码 + 密码 + 验证码），进入业务矩阵，点选“继续教育”功能模块，"
    "再点选“继续教育专业科目学时认定”。</li>"
    "<li>在左侧菜单点选“专业课学时认定 › 学员申请”，点击“新增学时认定”。认定年度为当年，"
    "每人每年度同一专业只能申请一次。</li>"
    "<li>填报引导共三步：<br>① 我的信息：确认姓名、身份证号，选择申报区域和工作单位。申报区域分自治区和地州市级，"
    "自治区认定副高级、正高级，地州市级认定初级、中级。工作单位可输入单位名称关键字或单位职称编码（DWBH）查找；"
    "列表中没有本单位时，请联系单位在平台注册并通过审核后再选择。<br>② 选择认定专业：依次选择系列、专业、资格。"
    "<br>③ 认定单位：按申报区域和系列确定，没有选择项时请联系所在地人社部门。</li>"
    "<li>编辑学时认定申请书：第3项至第11项按类别新增学时项目，每项须上传佐证材料（jpg 或 pdf，不超过5MB），"
    "无需逐项填写，只要累计学时达到认定学时数即可；在“各栏目申请学时情况”查看各类别与合计学时。</li>"
    "<li>学时达到要求后点击“12、提交审核”。被退回的申请请按退回意见修改后重新提交；审核通过后在"
    "“电子证书 › 我的证书”下载学时认定证书。</li>"
    "</ol>"
    "<h3>第二章 基层单位篇</h3>"
    "<ol>"
    "<li>使用统一社会信用代码或单位用户编号（YHBH）登录，进入“审核办理 › 我的待办”或“专业课学时认定 › 单位审核”。</li>"
    "<li>检查申报人填报信息，点击“办理”：同意时选择提交单位（认定单位）并填写推荐意见；"
    "退回时须填写退回意见。可勾选多条后批量提交或批量退回；下一环节未办理前可在“我要收回”中收回。</li>"
    "<li>单位信息不完整时不能审核，请先在“我的管理 › 我的单位信息”完善单位信息。</li>"
    "</ol>"
    "<h3>第三章 认定单位篇</h3>"
    "<p>在“专业课学时认定 › 认定审核”或“我的待办”中办理：同意即认定学时并签发学时认定电子证书，"
    "退回须填写退回意见。</p>"
)
GUIDE_BODIES = {"专业技术人员继续教育专业课学时认定操作指南": HOURS_GUIDE}


def load_demo(admin_username: str = "admin") -> None:
    actor = User.objects.get(username=admin_username)
    if Notice.objects.exists():
        return
    regions = {r.code: r for r in Region.objects.all()}
    for kind, category, region_code, title, (month, day) in NOTICES:
        notice = services.notice_create(actor=actor, kind=kind, category=category,
                                        region=regions.get(region_code), title=title,
                                        body=GUIDE_BODIES.get(title, BODY))
        services.notice_publish(actor=actor, notice=notice)
        # The manuals' dates, so the home page reads like the old one (publishing stamps "now").
        Notice.objects.filter(pk=notice.pk).update(
            published_at=timezone.make_aware(datetime.datetime(2023, month, day, 10, 0)))
