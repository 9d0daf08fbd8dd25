"""Settings: ``base`` (from the environment) and ``test``."""
