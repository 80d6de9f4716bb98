"""Tests of config/infrastructure/: the plumbing around the domain."""
