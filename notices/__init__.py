"""Notices to people (docs/architecture.md §2, §3): the in-page `Notification` row and its mail, with no word of
the procedure in it. `services.notify` writes the rows for the given users and mails each after commit;
`services.mail_quietly` sends one mail and logs a failure (a mail never undoes a step);
`services.account_invitation_send` mails a new account the link to set its password. Who is told what, and in
which words, stays with the app that decides it (workflow/notifications.py for the procedure's steps,
awards/services/notices.py for units and invitations): they call down into this app, which sits below `awards`
and above `audit` and `config`, so every app writes a notice without importing upwards. The table keeps its name
from when the model was workflow's (`workflow_notification`; workflow 0016, notices 0001)."""
