"""Brains: turn a user message into a plan (offline rules or one OpenAI call)."""
