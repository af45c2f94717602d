"""The DynamoDB adapter: every store on the single table, and the only code that knows its items.

    keys            every PK and SK, and the indexes' keys
    wire            DynamoDB JSON <-> Python values; botocore errors -> Luminora's
    items           item <-> domain model mapping
    conversation    DynamoConversationStore: the turn's two Queries and one transaction
    memory          DynamoMemoryStore: facts, episodes, deep-analysis bookkeeping, export, erase
    personalities   DynamoPersonalityStore: tenants' own personalities
    maintenance     DynamoMaintenanceStore: the nightly job's day buckets and batched deletes
"""
