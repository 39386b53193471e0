"""``python -m bot`` is the same as ``warta``."""

import sys

from bot.cli import main

sys.exit(main())
