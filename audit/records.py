"""The abstract chained row (audit/chain.py): workflow's transition logs, votes and seals, scoring's score-sheet log
and the security event log subclass it. Abstract, so it belongs to no app and creates no table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChainedRecord(models.Model):
    """A row of a campaign's tamper-evident chain (audit/chain.py): its place in the chain, the hash of
    the row before it and its own hash. Written once by `workflow.services.audit.chain_append`."""

    chain_seq = models.PositiveIntegerField(_("链序号"), null=True, blank=True, editable=False)
    prev_hash = models.CharField(_("前一记录摘要"), max_length=64, blank=True, editable=False)
    row_hash = models.CharField(_("记录摘要"), max_length=64, blank=True, editable=False)
    key_id = models.CharField(_("审计密钥编号"), max_length=20, blank=True, editable=False)

    class Meta:
        abstract = True
