"""The set-up of a bench script run on its own, measuring in this process (bench/form_page.py, form_render.py,
request_cost.py): Django with the test settings (TESTING=1) and a test database of its own, dropped at the end."""

import contextlib
import os


@contextlib.contextmanager
def test_database(*, plain_template_render: bool = False):
    """Django set up for a measurement in this process, with a fresh test database for the block.
    `plain_template_render`: templates render as in production, not through the test environment's instrumented
    render (which copies every template's context for the test client: a cost production does not have)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("TESTING", "1")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # 'testserver' allowed, the locmem mailer
    if plain_template_render:
        from django.template.base import PartialTemplate, Template
        from django.test.utils import _TestState

        Template._render, PartialTemplate._render = (
            _TestState.saved_data.template_render,
            _TestState.saved_data.partial_template_render,
        )
    old = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old, verbosity=0)
