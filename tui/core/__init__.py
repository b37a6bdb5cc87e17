"""Plain-Python core of newsdesk: importable without Textual."""
