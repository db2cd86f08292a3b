"""Meta-Agent tests."""
