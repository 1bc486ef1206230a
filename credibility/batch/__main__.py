"""`python -m credibility.batch IN ... -o OUT`: `credibility batch` on its own."""

import sys

from credibility.batch.command import main

# Guarded: tools that import every module of the package (the regex audit) must not run it.
if __name__ == "__main__":
    sys.exit(main())
