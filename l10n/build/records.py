"""The small records a build keys on and reports: the publish policy and an edition's
entries by state. Apart from ``l10n.build.edition`` (whose renderer uses them), so that a
build with nothing to do reports without importing the renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """What may be published. By default approved translations only."""

    allow_machine: bool = False

    def key(self) -> str:
        return "machine" if self.allow_machine else "approved"


@dataclass(frozen=True)
class EntryCounts:
    """The entries an edition uses, by state (each distinct text once)."""

    approved: int = 0
    machine: int = 0
    needs_review: int = 0
    untranslated: int = 0

    @property
    def total(self) -> int:
        return self.approved + self.machine + self.needs_review + self.untranslated

    @property
    def queue(self) -> int:
        return self.machine + self.needs_review

    def to_json(self) -> dict[str, int]:
        return {"approved": self.approved, "machine": self.machine, "needs_review": self.needs_review,
                "untranslated": self.untranslated}

    def row(self) -> tuple[int, int, int, int]:
        return (self.approved, self.machine, self.needs_review, self.untranslated)

    @classmethod
    def from_json(cls, data: Mapping[str, int]) -> EntryCounts:
        return cls(*cls.row_of(data))

    @staticmethod
    def row_of(data: Mapping[str, int]) -> tuple[int, int, int, int]:
        """``from_json(data).row()``, without making the counts (the status page takes
        thousands)."""
        get = data.get
        return int(get("approved", 0)), int(get("machine", 0)), int(get("needs_review", 0)), int(get("untranslated", 0))
