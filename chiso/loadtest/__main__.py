import sys

from chiso.loadtest.run import main

sys.exit(main())
