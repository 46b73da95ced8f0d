"""The vendored, trimmed Zoom webinar API spec and the script that regenerates it."""
