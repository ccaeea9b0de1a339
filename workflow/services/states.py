"""The workflow's sub-record state tables (config/states.py; docs/architecture.md §4). The procedure moves
campaigns and applications; these small tables move the records under them, and the services change these states
only through `TABLE.apply(record, action)`."""

from django.utils.translation import gettext_lazy as _

from config.states import StateTable, Step
from workflow.models import CommitteeDecision, ExportJob, Objection, Revocation

OS = Objection.Status
OBJECTION_STATES = StateTable(
    "status",
    [
        Step("investigate", (OS.RECEIVED, OS.INVESTIGATING), OS.INVESTIGATING, _("记录调查情况")),
        Step("uphold", (OS.RECEIVED, OS.INVESTIGATING), OS.UPHELD, _("认定异议成立")),
        Step("reject", (OS.RECEIVED, OS.INVESTIGATING), OS.REJECTED, _("认定异议不成立")),
    ],
)

R = CommitteeDecision.Result
DECISION_STATES = StateTable(
    "result",
    [
        Step("approve", (R.PENDING,), R.APPROVED, _("以通过结束表决")),
        Step("reject", (R.PENDING,), R.REJECTED, _("以未通过结束表决")),
    ],
)

V = Revocation.Status
REVOCATION_STATES = StateTable(
    "status",
    [
        Step("approve", (V.PROPOSED,), V.APPROVED, _("批准撤销/取消")),
        Step("reject", (V.PROPOSED,), V.REJECTED, _("不批准撤销/取消")),
    ],
)

J = ExportJob.Status
JOB_STATES = StateTable(
    "status",
    [
        Step("run", (J.QUEUED,), J.RUNNING, _("开始生成")),
        Step("finish", (J.RUNNING,), J.DONE, _("完成")),
        Step("fail", (J.QUEUED, J.RUNNING), J.FAILED, _("记为失败")),
    ],
)
