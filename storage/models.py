"""The project schema: SQLAlchemy 2.0 typed models over generic column types.

The same models run on SQLite (one ``.tandem`` file per project) and on
PostgreSQL (a team server).  The schema itself is created and changed only by
the Alembic migrations in ``storage/migrations``; these classes describe it for
the ORM and a test checks that both agree.

Design notes for what comes next:

* Every entity carries a stable ``uuid`` beside its integer key.  Exchange
  (REFI-QDA ``guid`` attributes) and merging two coders' offline copies match
  rows by ``uuid``; integer keys never leave a database.
* Offsets (``start``/``end``) are half-open Unicode code-point offsets into
  ``Source.text`` (NFC, ``\\n`` newlines).
* A consensus layer is a ``Coder`` whose ``role`` is ``consensus``: its codings
  are ordinary ``Coding`` rows, so agreement, retrieval and export treat it like
  any other layer; reconciliation decisions will be audit entries that point at
  the codings they created or removed.
* ``AuditEntry`` is append-only: database triggers (see the first migration)
  refuse UPDATE and DELETE on it.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuid_mod
from typing import Any, Optional

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SOURCE_KINDS = ("focus-group", "interview", "survey", "notes", "document")
CODER_ROLES = ("coder", "lead", "consensus")
SECTION_KINDS = ("turn", "response", "paragraph")
ATTRIBUTE_TYPES = ("text", "integer", "float", "date", "boolean")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def new_uuid() -> uuid_mod.UUID:
    return uuid_mod.uuid4()


class UTCDateTime(TypeDecorator):
    """Timestamps stored in UTC and always handed back timezone-aware.

    SQLite has no time zone type; PostgreSQL does.  Storing naive UTC on both
    and attaching UTC on the way out gives the same values everywhere.
    """

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: Optional[dt.datetime], dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; Tandem stores UTC-aware timestamps")
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: Optional[dt.datetime], dialect):
        if value is None:
            return None
        return value.replace(tzinfo=dt.timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dt.datetime: UTCDateTime, dict[str, Any]: JSON}


class HasUuid:
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid_mod.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)


class Project(HasUuid, Base):
    """One row: the study this file holds."""

    __tablename__ = "project"
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    settings: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Coder(HasUuid, Base):
    __tablename__ = "coder"
    __table_args__ = (CheckConstraint("role IN ('coder', 'lead', 'consensus')", name="role"),)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    colour: Mapped[str] = mapped_column(String(7))
    role: Mapped[str] = mapped_column(String(20), default="coder")
    # on a team server: the database role this coder connects as (storage.server)
    db_role: Mapped[Optional[str]] = mapped_column(String(63), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Case(HasUuid, Base):
    """A participant or respondent."""

    __tablename__ = "case"
    name: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    values: Mapped[list["AttributeValue"]] = relationship(
        back_populates="case", cascade="all, delete-orphan"
    )


class Attribute(HasUuid, Base):
    """A typed variable of cases (respondent group, role, a Likert item...)."""

    __tablename__ = "attribute"
    __table_args__ = (
        CheckConstraint(
            "value_type IN ('text', 'integer', 'float', 'date', 'boolean')", name="value_type"
        ),
    )
    name: Mapped[str] = mapped_column(String(300), unique=True)
    value_type: Mapped[str] = mapped_column(String(20), default="text")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class AttributeValue(Base):
    """The value of one attribute for one case, stored in canonical text form
    (ISO dates, ``true``/``false``, decimal numbers); ``coding.attributes``
    converts to and from Python values by the attribute's type."""

    __tablename__ = "attribute_value"
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"), primary_key=True)
    attribute_id: Mapped[int] = mapped_column(
        ForeignKey("attribute.id", ondelete="CASCADE"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text)
    case: Mapped[Case] = relationship(back_populates="values")
    attribute: Mapped[Attribute] = relationship()


class Source(HasUuid, Base):
    __tablename__ = "source"
    __table_args__ = (
        CheckConstraint(
            "kind IN ('focus-group', 'interview', 'survey', 'notes', 'document')", name="kind"
        ),
        Index("ix_source_sha256", "sha256"),
    )
    name: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    n_chars: Mapped[int] = mapped_column(Integer, default=0)  # len(text), kept so lists need not read the text
    original_filename: Mapped[str] = mapped_column(String(1000), default="")
    sha256: Mapped[str] = mapped_column(String(64))  # of the file imported
    # of ``text`` as stored (UTF-8): checked when the text is read for coding, agreement and export
    text_sha256: Mapped[Optional[str]] = mapped_column(String(64))
    imported_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    # Format-specific facts: detected format, encoding, source attributes given at import.
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # An interview or notes source may belong to one case as a whole.
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    sections: Mapped[list["Section"]] = relationship(
        back_populates="source", cascade="all, delete-orphan", order_by="Section.start"
    )


class Section(HasUuid, Base):
    """A span of a source that belongs to a case: a speaker turn or a survey
    response.  The natural unit of coding and of agreement."""

    __tablename__ = "section"
    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="span"),
        CheckConstraint("kind IN ('turn', 'response', 'paragraph')", name="kind"),
        Index("ix_section_source_start", "source_id", "start"),
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("case.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(20))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    speaker: Mapped[Optional[str]] = mapped_column(String(300))
    is_moderator: Mapped[bool] = mapped_column(Boolean, default=False)
    question: Mapped[Optional[str]] = mapped_column(Text)
    # Timings of transcript turns (milliseconds) and other per-unit facts.
    meta: Mapped[dict[str, Any]] = mapped_column(default=dict)
    source: Mapped[Source] = relationship(back_populates="sections")
    case: Mapped[Optional[Case]] = relationship()


class Code(HasUuid, Base):
    """A node of the codebook: category -> theme -> code, any depth."""

    __tablename__ = "code"
    __table_args__ = (Index("ix_code_parent", "parent_id"),
                      # one name among siblings, whatever another process inserts at the same moment
                      Index("uq_code_sibling_name", func.coalesce(text("parent_id"), 0), func.lower(text("name")),
                            unique=True))
    name: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    colour: Mapped[str] = mapped_column(String(7))
    parent_id: Mapped[Optional[int]] = mapped_column(ForeignKey("code.id", ondelete="RESTRICT"))
    codable: Mapped[bool] = mapped_column(Boolean, default=True)
    # Children are the mutually exclusive values of one nominal variable.
    exclusive: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    inclusion: Mapped[str] = mapped_column(Text, default="")
    exclusion: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    # a theme's description as the theme table prints it (empty: its definition), for readers, not coders
    summary: Mapped[str] = mapped_column(Text, default="", server_default="")
    # flagged during reconciliation: the definition needs work before the next round
    needs_work: Mapped[bool] = mapped_column(Boolean, default=False)
    # raised by every edit of the code itself (coding.codebook.claim): optimistic locking of codebook edits
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    parent: Mapped[Optional["Code"]] = relationship(remote_side="Code.id", back_populates="children")
    children: Mapped[list["Code"]] = relationship(back_populates="parent", order_by="Code.position")


class Coding(HasUuid, Base):
    """One coder's application of one code to a span of a source."""

    __tablename__ = "coding"
    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="span"),
        UniqueConstraint("source_id", "code_id", "coder_id", "start", "end", name="uq_coding_span"),
        Index("ix_coding_source_coder", "source_id", "coder_id"),
        Index("ix_coding_code", "code_id"),
        Index("ix_coding_coder_code", "coder_id", "code_id"),  # a coder's counts per code
    )
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"))
    code_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="RESTRICT"))
    coder_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    memo: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    source: Mapped[Source] = relationship()
    code: Mapped[Code] = relationship()
    coder: Mapped[Coder] = relationship()


class Memo(HasUuid, Base):
    """A note on the project, a source, a code or a case (coding memos live on
    the coding itself)."""

    __tablename__ = "memo"
    __table_args__ = (
        CheckConstraint(
            "(CASE WHEN source_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN code_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN case_id IS NULL THEN 0 ELSE 1 END) <= 1",
            name="one_target",
        ),
    )
    title: Mapped[str] = mapped_column(String(300), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[Optional[int]] = mapped_column(ForeignKey("coder.id", ondelete="SET NULL"))
    source_id: Mapped[Optional[int]] = mapped_column(ForeignKey("source.id", ondelete="CASCADE"))
    code_id: Mapped[Optional[int]] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    case_id: Mapped[Optional[int]] = mapped_column(ForeignKey("case.id", ondelete="CASCADE"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


DECISION_KINDS = ("a_only", "b_only", "boundary", "different_code")
DECISION_CHOICES = ("accept-a", "accept-b", "both", "neither", "edit")
DECISION_STATUSES = ("decided", "reopened", "superseded")


class Decision(HasUuid, Base):
    """A lead's decision on one discrepancy between two coders' layers.

    ``discrepancy_id`` is the discrepancy's stable id (it changes when a
    coding it concerns changes); ``basis`` holds those codings as they were
    when deciding (uuid, coder, code, span), so a later change shows the
    discrepancy as reopened with the reason; ``created`` lists the consensus
    codings the decision added (taken out again when it is reopened)."""

    __tablename__ = "decision"
    __table_args__ = (
        CheckConstraint("kind IN ('a_only', 'b_only', 'boundary', 'different_code')", name="kind"),
        CheckConstraint("choice IN ('accept-a', 'accept-b', 'both', 'neither', 'edit')", name="choice"),
        CheckConstraint("status IN ('decided', 'reopened', 'superseded')", name="status"),
        Index("ix_decision_discrepancy", "discrepancy_id"),
        Index("ix_decision_pair_status", "coder_a_id", "coder_b_id", "status"),
    )
    discrepancy_id: Mapped[str] = mapped_column(String(40))
    coder_a_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    coder_b_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    consensus_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    unit: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"))
    code_path: Mapped[str] = mapped_column(Text)  # "Code" or "Code A | Code B" (different_code)
    choice: Mapped[str] = mapped_column(String(20))
    rationale: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="decided")
    decided_by: Mapped[str] = mapped_column(String(200))
    decided_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    basis: Mapped[list] = mapped_column(JSON)
    created: Mapped[list] = mapped_column(JSON)
    span: Mapped[Optional[list]] = mapped_column(JSON)  # the edited boundaries, for 'edit'
    reopened_by: Mapped[Optional[str]] = mapped_column(String(200))
    reopened_at: Mapped[Optional[dt.datetime]] = mapped_column()
    reopen_reason: Mapped[Optional[str]] = mapped_column(Text)


class DiscrepancyComment(HasUuid, Base):
    """A coder's (or lead's) comment on a discrepancy, by its stable id."""

    __tablename__ = "discrepancy_comment"
    __table_args__ = (Index("ix_discrepancy_comment_discrepancy", "discrepancy_id"),)
    discrepancy_id: Mapped[str] = mapped_column(String(40))
    author_id: Mapped[int] = mapped_column(ForeignKey("coder.id", ondelete="RESTRICT"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Quote(HasUuid, Base):
    """A representative quote: a span of a source pinned to a theme, in an
    order, with ``text`` as it is to be printed (trimmed with "…", clarified
    in brackets); the span keeps the link to the original passage even if
    the coding it was pinned from is removed."""

    __tablename__ = "quote"
    __table_args__ = (
        CheckConstraint("start >= 0 AND start < \"end\"", name="span"),
        Index("ix_quote_theme_position", "theme_id", "position"),
    )
    theme_id: Mapped[int] = mapped_column(ForeignKey("code.id", ondelete="CASCADE"))
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id", ondelete="RESTRICT"))
    coding_id: Mapped[Optional[int]] = mapped_column(ForeignKey("coding.id", ondelete="SET NULL"))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)
    pinned_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class AuditEntry(Base):
    """Append-only log of every change: who, what, when, before and after.

    Entities are named by uuid, not by foreign key, so the log outlives what
    it describes.  ``action`` is a dotted verb such as ``code.rename``.
    """

    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entity", "entity_uuid"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uuid: Mapped[uuid_mod.UUID] = mapped_column(Uuid, unique=True, default=new_uuid)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(100))
    entity_type: Mapped[str] = mapped_column(String(50))
    entity_uuid: Mapped[Optional[uuid_mod.UUID]] = mapped_column(Uuid)
    before: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    after: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    # One id per transaction, so a user action that touches many rows reads as one step.
    transaction_uuid: Mapped[uuid_mod.UUID] = mapped_column(Uuid)
