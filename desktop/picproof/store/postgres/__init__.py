"""The clinic case store on PostgreSQL (psycopg 3): schema, people and rights, cases and files."""
