"""附件: every uploaded file of every document, stored privately and served by one permission-checked view.

Public API:

- `models.Attachment`: owner (generic), slot, seq, detected type, size, random stored name, display name,
  uploader, `key` (what download URLs carry).
- `services.attachment_add(*, actor, owner, slot, upload, rule, seq=None, audit_action=…)`,
  `attachment_replace(*, actor, attachment, rule, upload=None, seq=None, …)`,
  `attachment_set(…)` (single-file slots), `attachment_delete(*, actor, attachment, …)`,
  `attachments_purge(*, owners)` (the owner is being deleted) and `slots_unmet(owner, slot_rules)` with
  `SlotRule(slot, label, min_count=1)` for what a submission still needs.
- `content.clean_upload(upload, rule)`: the check alone (type by content, size; images re-encoded, PDFs
  scanned), for services that report every field's error before creating the owner.
- `selectors.attachment_list / attachment_first / attachment_read / attachment_get_for_viewer`.
- `storage.private_storage()`, `storage.atomic()` (a transaction that deletes the files written in it when it
  rolls back), `storage.delete_on_commit(names)`; `responses.private_file_response(...)` for generated files.
- `attachments:download` (`/attachments/<key>/`): 404 unless the owner type's declared `visible(acting, owner)`
  says yes; each app declares `OWNERS = (OwnerType("app.Model", visible=…),)` in its `attachments.py`.
"""
