"""Intake from outside: one module per channel over one inbound store (raw first, then processed)."""
