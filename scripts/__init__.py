"""Developer commands: the table, the local stack."""
