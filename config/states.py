"""Small declared state tables for sub-records (docs/architecture.md §4).

The procedure (`workflow/procedure.py`) moves campaigns and applications. The records below them — a score sheet,
an objection, a revocation, a committee decision — have short lives of their own. Each declares its moves here,
as a `StateTable` of `Step` rows, and its service changes the state only through `table.apply(record, action)`:
a move that is not in the table does not exist, and a move from the wrong state is refused with a message that
names the record's current state and the move asked for.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Step:
    action: str
    source: tuple[str, ...]
    target: str
    label: str = ""


class StateTable:
    def __init__(self, field: str, steps: list[Step]):
        self.field = field
        self.steps = {step.action: step for step in steps}
        if len(self.steps) != len(steps):
            raise ValueError("two steps share an action")

    def step(self, action: str) -> Step:
        try:
            return self.steps[action]
        except KeyError:
            raise ValueError(f"no step {action!r} in this table") from None

    def allowed(self, record) -> list[str]:
        """The actions that may run from the record's current state, in table order."""
        state = getattr(record, self.field)
        return [a for a, s in self.steps.items() if state in s.source]

    def can(self, record, action: str) -> bool:
        return getattr(record, self.field) in self.step(action).source

    def apply(self, record, action: str) -> str:
        """Set the record's state to the step's target (the caller saves); refuse a move from another state."""
        step = self.step(action)
        state = getattr(record, self.field)
        if state not in step.source:
            display = getattr(record, f"get_{self.field}_display", lambda: state)()
            raise ValidationError(
                _("当前状态为“%(state)s”，不能%(action)s。")
                % {"state": display, "action": step.label or action}
            )
        setattr(record, self.field, step.target)
        return step.target
