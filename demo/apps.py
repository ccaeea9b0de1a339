from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo world (`manage.py seed_demo`, `print_demo_accounts`): it drives every app's services to build whole
    campaigns, so it sits on top of them (the `[tool.importlinter]` layers in pyproject.toml)."""

    name = "demo"
    verbose_name = "演示数据"
