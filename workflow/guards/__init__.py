"""Guards of the procedure table: each one is a rule of the regulation; it returns nothing or raises
`TransitionRefused` with a message that names the rule (第X条) in the user's language.

Grouped by concern (phases, applications, lists); all are exposed here as `workflow.guards.<name>`, the name the
procedure table (`workflow/procedure.py`) uses."""

from workflow.guards.applications import *  # noqa: F403
from workflow.guards.base import Context, refuse  # noqa: F401
from workflow.guards.lists import *  # noqa: F403
from workflow.guards.phases import *  # noqa: F403
