"""Identities: customers, staff users, roles, departments; sign-in and registration."""
