"""The archive of every event reporting consumed, and the views rebuilt from it."""
