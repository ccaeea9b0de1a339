import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# An app server does not run Django's system checks: refuse to start when the mailer lacks its options, instead of
# answering every registration with an error (config/mailers.py; `manage.py check` names the variable).
from config.mailers import refuse_broken_mailers  # noqa: E402 — after Django is set up

refuse_broken_mailers()

from scoring.services.code_senders import refuse_broken_sms  # noqa: E402

refuse_broken_sms()
