"""The customer profile: support contracts, interactions, custom fields, NPS and the 360 view.  /admin/customers/..."""
