"""``python -m CCGatewayLibrary.simulator``: run the simulator in the foreground."""

from .cli import main

raise SystemExit(main())
