"""Tests of bench/: measuring the frameworks and synthetic data at scale."""
