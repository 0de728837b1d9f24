"""The production settings, with static files collected into the benchmark's temporary folder.

STATIC_ROOT is not read from the environment by pusula.settings, and the benchmark must not touch the
checkout's own staticfiles/ folder, so the server and the setup step run with this module instead.
"""

import os

from pusula.settings import *  # noqa: F403

STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
ROOT_URLCONF = "bench.urls"
