"""Texts people type, as the product keeps them: without control characters (tab and line breaks excepted) and lone
surrogates. PostgreSQL cannot store a NUL, and a workbook (the published XLSX) cannot hold the other control
characters: a text typed or pasted with them would break the save or, later, the publication."""
import re

from django import forms

UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def plain_text(value) -> str:
    """The text without the characters no database or workbook can hold (invisible when typed)."""
    return UNWRITABLE.sub("", "" if value is None else str(value))


class PlainTextFormMixin:
    """A form whose every text comes out as `plain_text`."""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = plain_text(value)
        return cleaned


class PlainTextField(forms.CharField):
    """A typed text that comes out as `plain_text` (what no database or workbook holds is dropped, not refused), as
    typed (not stripped) unless told. `absent` is what a post that does not carry the field at all gives: "" by
    default, None where a page may leave out what it did not change."""

    def __init__(self, *, absent="", strip=False, required=False, **kwargs):
        super().__init__(strip=strip, required=required, **kwargs)
        self.absent = absent

    def to_python(self, value):
        if value is None:
            return self.absent
        return super().to_python(plain_text(value))
