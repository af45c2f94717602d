"""The personality engine: pure rules, no I/O. Imports no boto3, requests, chalice or adapter."""
