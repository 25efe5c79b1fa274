"""Where a message sits, kept as plain values so a Location is only built for a finding."""

from __future__ import annotations

from typing import NamedTuple

from shared.edi.edifact.envelope import Message
from shared.edi.model import Location

__all__ = ["MessagePlace"]


class MessagePlace(NamedTuple):
    interchange: int
    interchange_control: str
    group: int | None
    group_control: str | None
    transaction: int
    transaction_control: str

    @classmethod
    def of(cls, message: Message) -> MessagePlace:
        group = message.group
        return cls(
            message.interchange.index,
            message.interchange.reference,
            group.index if group else None,
            group.reference if group else None,
            message.index,
            message.reference,
        )

    def at(
        self, position: int | None, tag: str | None, element: int | None = None, component: int | None = None
    ) -> Location:
        return Location(
            interchange=self.interchange,
            group=self.group,
            transaction=self.transaction,
            segment=position,
            segment_tag=tag,
            element=element,
            component=component,
            interchange_control=self.interchange_control,
            group_control=self.group_control,
            transaction_control=self.transaction_control,
        )
