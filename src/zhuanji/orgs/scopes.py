"""Catalog scopes drawn from organisations: what a committee may evaluate (its 可评审专业).

    form.fields["qualifications"].scope = CommitteeScopeOf(committee, levels=Level.high())

offers (and accepts) only the qualifications `committee` may evaluate, at those levels (all when none are
given). See `catalog.scopes` for how a scope reaches the picker.
"""

from zhuanji.catalog.scopes import RangeScope

from .models import CommitteeScope, Organisation

COMMITTEE_SCOPE_LABEL = "本评审委员会的可评审专业"


class CommitteeScopeOf(RangeScope):
    """The qualifications covered by `committee`'s 可评审专业 (CommitteeScope rows), at `levels` if given."""

    def __init__(self, committee: Organisation, *, levels=(), label: str = COMMITTEE_SCOPE_LABEL):
        super().__init__(CommitteeScope, label=label, levels=levels, committee=committee)
