"""Parse a rendered page into its tags, attributes and text, for the tests' assertions."""

from __future__ import annotations

from html.parser import HTMLParser


class Page(HTMLParser):
    """Every start tag with its attributes, and the text, of an HTML document."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.chunks: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)

    @property
    def text(self) -> str:
        """The text content, whitespace collapsed."""
        return " ".join("".join(self.chunks).split())

    def attrs(self, name: str) -> list[str]:
        """Every value of attribute ``name`` in the document."""
        return [a[name] for _, a in self.tags if name in a]

    def names(self) -> set[str]:
        """The set of tag names used."""
        return {t for t, _ in self.tags}
