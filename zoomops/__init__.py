"""zoomops: turn an event agenda into a Zoom webinar and run the day from it."""

__version__ = "0.1.0"
