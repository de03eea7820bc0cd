"""Reports: how support is doing, per Jalali period, team and agent.  /admin/reports/..."""
