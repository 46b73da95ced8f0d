"""The Zoom REST API client: config, auth, transport with retries and pacing, typed models, webhooks."""
