"""l10n: localize news articles with gettext catalogs, offline machine drafts and human review."""

__version__ = "0.1.0"
