"""newsdesk: a terminal news reader for people who check facts."""

__version__ = "0.1.0"
