"""Candela: a self-hostable networking server that federates over ActivityPub."""

__version__ = "0.1.0"
