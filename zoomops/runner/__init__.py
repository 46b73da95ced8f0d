"""The live runner: cues compiled from the schedule, fired once, on time, from durable state."""
