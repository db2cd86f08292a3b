"""Meta-Agent engine: all product logic, no platform SDKs."""
