"""A `Case` is one reviewed document on its route; a `Step` is one finished stretch of its 流程日志."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from zhuanji.common.durations import format_duration

from .routes import get_route


class CaseState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PENDING = "pending", "审核中"
    RETURNED = "returned", "已退回"
    WITHDRAWN = "withdrawn", "已收回"
    APPROVED = "approved", "已通过"
    REFUSED = "refused", "不通过"
    CANCELLED = "cancelled", "已撤销"


# The node key of the submitter's own stretches of the 流程日志 (before submission, after return).
SUBMITTER_NODE = ""

# The submitter may edit the document only while it is with them.
EDITABLE_STATES = frozenset({CaseState.DRAFT, CaseState.RETURNED, CaseState.WITHDRAWN})
# Nothing more happens to these, except that a route may reopen an approved case.
FINAL_STATES = frozenset({CaseState.APPROVED, CaseState.REFUSED, CaseState.CANCELLED})


class Action(models.TextChoices):
    SUBMIT = "submit", "提交"
    RESUBMIT = "resubmit", "重新提交"
    APPROVE = "approve", "同意"
    RETURN = "return", "退回"
    WITHDRAW = "withdraw", "收回"
    REFUSE = "refuse", "不通过"
    CANCEL = "cancel", "撤销"
    REOPEN = "reopen", "重新打开"


# The states each action may be taken from; the services check this before anything else.
FROM_STATES: dict[str, frozenset[str]] = {
    Action.SUBMIT: EDITABLE_STATES,
    Action.APPROVE: frozenset({CaseState.PENDING}),
    Action.RETURN: frozenset({CaseState.PENDING}),
    Action.REFUSE: frozenset({CaseState.PENDING}),
    Action.WITHDRAW: frozenset({CaseState.PENDING}),
    Action.CANCEL: EDITABLE_STATES | {CaseState.PENDING},
    Action.REOPEN: frozenset({CaseState.APPROVED}),
}


class Case(models.Model):
    route = models.CharField("业务类型", max_length=64, db_index=True)
    state = models.CharField("状态", max_length=12, choices=CaseState.choices, default=CaseState.DRAFT)
    node = models.CharField("当前节点", max_length=32, blank=True)
    current_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="当前办理单位",
    )
    # The organisation that forwarded the case to the current node: it may 收回 while the node has not acted.
    previous_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    # Empty for anonymous documents (account-recovery tickets).
    submitter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="review_cases", verbose_name="申请人")
    # The organisation a document belongs to (a committee's filing, a base's class): its members file it.
    owner_org = models.ForeignKey(
        "orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        verbose_name="所属单位",
    )
    year = models.PositiveSmallIntegerField("年度")
    number = models.CharField("编号", max_length=32, db_index=True)
    title = models.CharField("标题", max_length=200)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    document = GenericForeignKey("content_type", "object_id")
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    # When whoever holds the case now received it: the start time of the open row of the 流程日志.
    arrived_at = models.DateTimeField(default=timezone.now)
    # When the current node must have acted (a node's `due`); the periodic job closes what is overdue.
    due_at = models.DateTimeField("办理期限", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "审核案卷"
        indexes = [
            models.Index(fields=["current_org", "state", "submitted_at"], name="case_inbox"),
            models.Index(fields=["previous_org", "state"], name="case_withdrawable"),
            models.Index(fields=["route", "year"], name="case_route_year"),
            models.Index(fields=["submitter", "state"], name="case_submitter"),
            models.Index(fields=["owner_org", "state"], name="case_owner"),
            models.Index(fields=["state", "due_at"], name="case_due"),
            # 审核查询 filters one year and lists newest first: page 1 reads the index backwards.
            models.Index(fields=["year", "submitted_at"], name="case_year_submitted"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_pending(self) -> bool:
        return self.state == CaseState.PENDING

    @property
    def is_final(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def route_label(self) -> str:
        return get_route(self.route).label

    @property
    def node_label(self) -> str:
        """Who holds the case now, in the route's words (the submitter while it is with them)."""
        route = get_route(self.route)
        if self.state == CaseState.PENDING:
            return route.node(self.node).label
        if self.state == CaseState.APPROVED:
            return route.done_label
        if self.is_final:
            return self.get_state_display()
        return route.submitter_label

    @property
    def remaining(self):
        """剩余时间 until the current node's due time (negative: 已超期), or None without one."""
        return None if self.due_at is None else self.due_at - timezone.now()


class Step(models.Model):
    """One finished stretch of a case's journey: who held it, from when to when, and what they did.

    Rows are only appended; the stretch still open (the current holder) is not stored but derived from
    the case by `selectors.case_steps`.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    seq = models.PositiveIntegerField("序号")
    node = models.CharField("节点", max_length=32)
    # Kept with the row so the log still reads right if a route's labels change later.
    node_label = models.CharField("节点名称", max_length=50)
    org = models.ForeignKey("orgs.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                            verbose_name="办理单位")
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+", verbose_name="办理人")
    action = models.CharField("操作", max_length=12, choices=Action.choices, blank=True)
    # The node's own word for what was done (接收材料, 不予受理 …); the log shows it.
    action_label = models.CharField("操作名称", max_length=20, blank=True)
    opinion = models.TextField("办理意见", blank=True)
    started_at = models.DateTimeField("开始时间")
    ended_at = models.DateTimeField("结束时间", null=True, blank=True)

    class Meta:
        verbose_name = "流程日志"
        ordering = ["case", "seq"]
        constraints = [models.UniqueConstraint(fields=["case", "seq"], name="unique_case_step")]
        indexes = [
            models.Index(fields=["org", "case"], name="step_org_case"),
            # 已审核 lists: the cases an organisation acted on at one node, read from the index alone.
            models.Index(fields=["org", "node", "case"], name="step_org_node_case"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.seq} {self.node_label} {self.action_text}"

    @property
    def action_text(self) -> str:
        return self.action_label or self.get_action_display()

    @property
    def duration(self):
        if self.ended_at is None:
            return None
        return self.ended_at - self.started_at

    @property
    def duration_text(self) -> str:
        return format_duration(self.duration)

    @property
    def is_open(self) -> bool:
        return self.ended_at is None
