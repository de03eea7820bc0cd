"""Tickets: messages, attachments, SLA, history and satisfaction feedback."""
