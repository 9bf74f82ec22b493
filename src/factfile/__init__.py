"""factfile: reconstruct a sourced fact base from a folder of news reports, offline."""

__version__ = "0.1.0"
