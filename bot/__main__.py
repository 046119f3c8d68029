"""``python -m bot``: the composition root."""

from bot.cli import main

raise SystemExit(main())
