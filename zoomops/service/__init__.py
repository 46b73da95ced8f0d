"""Floor 4: `zoomops serve`, an always-on service for an organisation's events: the schedules directory watched,
each event's lifecycle (draft → planned → provisioned → live → done), storage behind one interface (store),
the organizer console and REST API (web). It reaches planning, applying and the runner through `EventOps`,
which `zoomops.app` implements (this floor never imports the app)."""
