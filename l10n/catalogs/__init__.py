"""Gettext catalogs: the PO model, a validating reader, the writer, merge, .mo and safe writes."""
