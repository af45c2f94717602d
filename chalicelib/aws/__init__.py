"""AWS adapters besides DynamoDB: the analysis Lambda trigger, and logs and metrics through Powertools."""
