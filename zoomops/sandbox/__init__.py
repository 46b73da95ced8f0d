"""An embedded, stateful Zoom API sandbox: in-process (requests adapter) or over real HTTP."""
