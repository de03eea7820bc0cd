"""Marshmallow fields the API's schemas share."""
from datetime import timezone

from marshmallow import fields


class UtcDateTime(fields.DateTime):
    """Stored as naive UTC; written with its offset (RFC 3339), read in any offset and stored as naive UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc, microsecond=0).isoformat().replace("+00:00", "Z")

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if parsed.tzinfo is None:
            raise self.make_error("invalid", input=value, obj_type=self.OBJ_TYPE)
        return parsed.astimezone(timezone.utc).replace(tzinfo=None)
