"""Delivery failures the worker tells apart: a permanent one is not retried."""


class DeliveryError(Exception):
    """Sending failed for now (server down, timeout, 4xx from SMTP, 5xx from a provider): retry later."""


class PermanentDeliveryError(DeliveryError):
    """Sending can never succeed as it stands (address refused, request rejected): the message goes dead."""
