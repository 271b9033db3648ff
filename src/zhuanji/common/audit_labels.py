"""The audit log's names for the common app (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register("草稿", order=5, actions={}, object_types={"common.draft": "填报草稿"})
