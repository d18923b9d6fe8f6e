"""Formatters: findings (and ``gxlint parse`` results) as text, JSON or SARIF."""
