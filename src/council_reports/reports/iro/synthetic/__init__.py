"""Generators of the IRO report's synthetic data: a 903 return and the service's records."""
