"""English–Korean (and other pair) interpretation: validation helpers, rota, Zoom settings, cues, briefings."""
