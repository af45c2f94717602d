"""AWS adapters besides DynamoDB: the analysis Lambda trigger and CloudWatch metric lines."""
