"""Deliverables: the brief, wireframe specs, layout and renderers; pure functions of a session."""
