"""The DeepSeek adapter: the chat client, its retries and the API key's SSM parameter."""
