"""HTTP plumbing: request bodies, parameters and their validation for the routes in `app.py`."""
