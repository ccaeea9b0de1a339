import pytest
from django.core.exceptions import ValidationError

from config.states import StateTable, Step


class Record:
    def __init__(self, state):
        self.state = state

    def get_state_display(self):
        return {"open": "受理中", "closed": "已办结"}.get(self.state, self.state)


TABLE = StateTable(
    "state", [Step("close", ("open",), "closed", "办结"), Step("reopen", ("closed",), "open", "重开")]
)


def test_a_declared_move_sets_the_target():
    record = Record("open")
    assert TABLE.apply(record, "close") == "closed"
    assert record.state == "closed"
    assert TABLE.allowed(record) == ["reopen"]


def test_a_move_from_the_wrong_state_is_refused_with_the_state_named():
    record = Record("closed")
    with pytest.raises(ValidationError) as refused:
        TABLE.apply(record, "close")
    assert "已办结" in refused.value.messages[0] and "办结" in refused.value.messages[0]
    assert record.state == "closed"


def test_an_undeclared_move_does_not_exist():
    with pytest.raises(ValueError):
        TABLE.apply(Record("open"), "delete")
    with pytest.raises(ValueError):
        StateTable("state", [Step("a", ("x",), "y"), Step("a", ("y",), "x")])
