"""The SMS gateway: one per deployment, between the platform and an SMS provider."""
