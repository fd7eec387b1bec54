"""``python -m openbadge_kit`` runs the ``openbadge`` command."""

import sys

from .cli import main

sys.exit(main())
