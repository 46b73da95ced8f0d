"""`python -m zoomops` runs the CLI."""

import sys

from zoomops.cli.main import main

sys.exit(main())
