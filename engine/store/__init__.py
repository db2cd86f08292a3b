"""Storage ports and their memory and Redis implementations."""
