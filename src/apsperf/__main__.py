"""``python -m apsperf`` runs the command line."""

import sys

from apsperf.cli import main

sys.exit(main())
