"""``python -m tests.generate fixtures`` (from the repository's root): rewrite the fixtures."""

import sys

from .fixtures import main

sys.exit(main())
