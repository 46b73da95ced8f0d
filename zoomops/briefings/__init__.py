"""What people receive before the event: panelist and interpreter briefings (Markdown) and calendar files."""
