"""The event schedule: model, file loading, validation, run of show and agenda import."""
