"""Study mode: FSRS scheduling, review queues and a crash-safe SQLite store."""
