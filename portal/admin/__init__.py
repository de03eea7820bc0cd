"""The back-office shell: dashboard, access levels (roles, permissions, departments, staff), audit-log viewer.  /admin/..."""
