"""The `zoomops` command line: one module per group of commands, loaded lazily."""
