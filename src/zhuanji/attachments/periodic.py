from zhuanji.common.periodic import periodic

from .sweep import sweep_orphans


@periodic("attachments.sweep_orphans")
def sweep() -> int:
    """Files left by a process killed between the file and its row (see `sweep`)."""
    return sweep_orphans()
