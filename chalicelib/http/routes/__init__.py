"""Route groups as Chalice blueprints, registered by `app.py`."""
