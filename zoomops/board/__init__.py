"""The live run-of-show board: a page and a Server-Sent Events stream on the runner's control server."""
