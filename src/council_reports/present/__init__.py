"""Present: tables, charts and sentences, formatted once for every output format."""
