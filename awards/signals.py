"""Signals of the personal-information records (issue 25), sent by the app that acts and received by the apps
beside it, so neither imports the other (docs/architecture.md §3: workflow and security are independent siblings
above awards).

The office's handling of a person's requests lives in workflow (`workflow/services/data_requests.py`); the
security event log and the sessions are security's (`security/signals.py` receives both signals, the way it
receives AccessLog's post_save). Receivers run at once, in the sender's transaction: an event that cannot be
written rolls the action back.
"""

from django.dispatch import Signal

#: The office answered, completed or refused a `DataRequest`. Sent with sender=DataRequest and
#: `data_request` (the row, already saved in its new state), `user` (the office member who acted), `action`
#: ("reply", "refuse", "complete"), `request` (the HTTP request or None) and `details` (a dict of JSON-able values
#: for the event: the retention date of a refusal, what a deletion purged).
data_request_handled = Signal()

#: An account was closed (注销) after a deletion request: its name, e-mail and phone are cleared and it cannot sign
#: in. Sent with sender=User and `user` (the closed account); every session of the account ends.
account_closed = Signal()
