"""Building the index: the note pass (`scan`), the vault pass (`check`), the planner that says
what changed and what must be checked again (`plan`), and the one way work is spread over
processes (`fanout`); `refresh` runs them in order."""
