"""Small primitives shared by every domain: the clock, diagnostics, the state directory."""
