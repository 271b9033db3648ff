"""The hours app's files (collected by `zhuanji.attachments.registry`): an item's 佐证材料 open for whoever may
open its application."""

from zhuanji.attachments.registry import OwnerType

from .selectors import item_visible

OWNERS = (OwnerType("hours.Item", visible=item_visible),)
