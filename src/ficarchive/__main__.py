import sys

from ficarchive.cli import main

sys.exit(main())
