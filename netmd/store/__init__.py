"""The cache in `.netmd/`: its SQLite tables (`tables`), the connection that opens and verifies
them (`db`), and the one codec for every value written there (`codec`, `notes`)."""
