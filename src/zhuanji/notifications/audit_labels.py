"""The audit log's names for the notifications app (collected by `zhuanji.audit.labels`)."""

from zhuanji.audit.labels import register

register("消息", order=80, actions={}, object_types={"notifications.notification": "消息"})
