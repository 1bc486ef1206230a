"""`python -m credibility.batch IN ... -o OUT`: `credibility batch` on its own."""

import sys

from credibility.batch.command import main

sys.exit(main())
