"""Settings for bench/perf_probe.py: the project's settings plus one extra URL, the bare-Django floor."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.perf_urls"
