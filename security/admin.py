"""The security app's records in the admin: readable, never added, changed or deleted there (the security event
log is a keyed chain; sessions and devices are the system's own records). docs/security.md §12."""

from django.contrib import admin

from awards.admin_records import ReadOnlyAdmin
from security.models import KnownDevice, SecurityEvent, SecurityLogHead, UserSession

for model in (SecurityEvent, SecurityLogHead, UserSession, KnownDevice):
    admin.site.register(model, ReadOnlyAdmin)
