"""The bare-Django floor of `make bench` (issue 15): the project's settings, middleware and gunicorn set-up, but a
URLconf with one view rendering a tiny template — what any page of this stack costs at least."""

import copy

from config.settings import *  # noqa: F403
from config.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.floor_urls"
TEMPLATES = copy.deepcopy(TEMPLATES)
TEMPLATES[0]["DIRS"] = [BASE_DIR / "bench" / "templates", *TEMPLATES[0].get("DIRS", [])]
