"""The nine item categories of 专业课学时认定 and their per-category labels, as data.

Sections 3–11 of the application all share one item shape (title, organiser, type, start, end,
hours, optional reference number); only the labels and the type choices differ, so a province
that words its categories differently edits this table, not the forms or templates.
"""

from dataclasses import dataclass

# The review route of an application and its nodes (declared in `routes.py`; named here so the
# selectors can scope by them without importing the route).
ROUTE_KEY = "hours.recognition"
UNIT_NODE = "unit"
RECOGNIZER_NODE = "recognizer"


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    step_label: str  # the first step of the item dialog (项目信息 / 开展信息 …)
    title_label: str
    organiser_label: str
    type_label: str
    types: tuple[str, ...]
    start_label: str
    end_label: str
    evidence_hint: str
    reference_label: str = ""  # shown only when the category has a number of its own (专利号 …)

    @property
    def type_choices(self) -> list[tuple[str, str]]:
        return [(t, t) for t in self.types]


CATEGORIES: tuple[Category, ...] = (
    Category("study", "高级研修项目、进修项目", "项目信息", "项目标题", "组织单位", "项目类型",
             ("高级研修项目", "进修项目"), "项目开始时间", "项目结束时间",
             "请上传相关佐证材料，必须体现项目情况、考核合格情况。"),
    Category("practice", "继续教育实践活动", "活动信息", "活动名称", "组织单位", "活动类型",
             ("挂职锻炼", "对口支援", "服务基层", "考察调研", "其他实践活动"), "活动开始时间", "活动结束时间",
             "请上传相关佐证材料，必须体现活动情况、考核合格情况。"),
    Category("lecture", "宣讲、巡讲、培训班、学术会议、专题讲座等", "开展信息", "标题", "组织单位", "类型",
             ("宣讲", "巡讲", "培训班", "学术会议", "专题讲座"), "开展开始时间", "开展结束时间",
             "请上传相关佐证材料，必须体现开展情况、考核合格情况。"),
    Category("degree", "学历(学位)教育", "学历信息", "专业", "学校", "学历",
             ("专科", "本科", "硕士研究生", "博士研究生"), "入学时间", "毕业时间",
             "请上传相关佐证材料，必须体现学历(学位)取得情况。", "学历(学位)证书编号"),
    Category("patent", "发明专利", "专利信息", "专利名称", "专利权人", "专利类型",
             ("发明专利", "实用新型专利", "外观设计专利"), "专利申请时间", "专利授权时间",
             "请上传相关佐证材料，必须体现专利授权情况。", "专利号"),
    Category("research", "研究课题、科研基金项目", "课题信息", "课题名称", "立项单位", "课题级别",
             ("国家级", "省部级", "地厅级", "其他"), "立项时间", "结题时间",
             "请上传相关佐证材料，必须体现立项及结题情况。", "课题编号"),
    Category("paper", "论文、学术著作、译著", "成果信息", "论文(著作)名称", "刊物(出版社)", "成果类型",
             ("论文", "学术著作", "译著"), "撰写开始时间", "发表(出版)时间",
             "请上传相关佐证材料，必须体现发表或出版情况。", "刊号(书号)"),
    Category("exam", "专业技术人员职业资格考试", "考试信息", "考试名称", "考试组织单位", "考试类型",
             ("职业资格考试", "专业技术资格考试"), "考试开始时间", "考试结束时间",
             "请上传相关佐证材料，必须体现考试合格情况。", "合格证书编号"),
    Category("other", "其他继续教育形式", "学习信息", "标题", "组织单位", "类型",
             ("网络培训", "自主学习", "其他"), "学习开始时间", "学习结束时间",
             "请上传相关佐证材料，必须体现学习情况、考核合格情况。"),
)

BY_KEY: dict[str, Category] = {c.key: c for c in CATEGORIES}
CATEGORY_CHOICES = [(c.key, c.label) for c in CATEGORIES]

# Section numbers as the seed shows them: 1 基本信息, 2 请学习相关文件, 3–11 the categories, 12 提交审核.
FIRST_CATEGORY_SECTION = 3

# The rules the recognising authority publishes (section 2, 请学习相关文件).
POLICY_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("专业技术人员继续教育规定", "人力资源和社会保障部令第25号"),
    ("新疆维吾尔自治区专业技术人员继续教育实施办法", "专业技术人员每年参加继续教育的时间累计不少于90学时，"
     "其中公需科目不少于30学时，专业科目不少于60学时。"),
    ("专业技术人员继续教育专业课学时认定操作指南", "第3项至第11项无需逐项填写，只要填写学时累计达到认定课时数即可，"
     "再上传课时认定证明材料后就可以提交到学时认定单位审核。"),
)

EVIDENCE_KIND = "佐证材料"
EVIDENCE_SLOT = "evidence"  # the attachments slot of an item's 佐证材料
MAX_ITEM_HOURS = 999  # 申请学时 is at most three digits (the seed's 0/3 counter)

# The hours an application must reach before 提交审核 are the year's 专业科目 requirement, loaded from the
# province's `hours_thresholds.csv` (`selectors.submission_threshold`).
