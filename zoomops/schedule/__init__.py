"""Reading files: schedules and rosters with positions, rules with positions, config defaults, agenda import."""
