"""The accounts app's files (collected by `zhuanji.attachments.registry`): a person's 一寸照 opens for that person
alone; a recovery ticket's 身份证照片 for the organisation its case reached (the platform's reviewers)."""

from zhuanji.attachments.registry import OwnerType

from .selectors import person_visible, ticket_visible

OWNERS = (
    OwnerType("accounts.Person", visible=person_visible),
    OwnerType("accounts.RecoveryTicket", visible=ticket_visible),
)
