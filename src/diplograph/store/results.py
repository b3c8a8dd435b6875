"""Query answers written within limits: a deadline, and a cap on rows.

pyoxigraph writes an answer (evaluating the query as it goes) in Rust without the GIL, handing
the bytes to a Python object every 8 kB or so. :class:`BoundedSink` is that object: at each
chunk it looks at the clock and counts the records written so far, and raises to stop the
writing past either limit — so an answer is whole or absent, never cut short. Reading the rows
one by one in Python instead would take the GIL back for every row, and under concurrent
requests each of those takes can wait for another thread's turn: several times slower.

Records are counted by a marker each format writes once per row (a line, a ``<result>``
element, the ``},{`` between JSON bindings), which is exact for TSV, XML, N-Triples and
N-Quads, and may count a few rows too many in JSON, CSV or Turtle when literals hold the
marker: the cap is a safety limit, not a contract.
"""

from __future__ import annotations

import io

from diplograph.errors import QueryError, QueryTimeout
from diplograph.store.base import QueryLimits

Buffer = bytes | bytearray | memoryview

#: What each format writes once per record (row or triple), and the records it makes of
#: ``n`` markers minus ``n``: JSON writes its separator between rows, CSV and TSV a header line.
RECORD_MARKERS: dict[str, tuple[bytes, int]] = {
    "json": (b"},{", 1),
    "xml": (b"<result>", 0),
    "csv": (b"\n", -1),
    "tsv": (b"\n", -1),
    "ntriples": (b"\n", 0),
    "nquads": (b"\n", 0),
    "turtle": (b"\n", 0),
    "trig": (b"\n", 0),
}


class BoundedSink(io.BytesIO):
    """A binary file that collects an answer within ``limits``."""

    def __init__(self, limits: QueryLimits, fmt: str, what: str = "rows") -> None:
        super().__init__()
        self.limits = limits
        self.marker, self._offset = RECORD_MARKERS[fmt]
        self.what = what
        self.markers = 0
        self._tail = b""

    @property
    def records(self) -> int:
        """About how many rows (or triples) have been written."""
        return max(0, self.markers + self._offset)

    def write(self, data: Buffer) -> int:  # type: ignore[override]
        """Take a chunk; raise QueryTimeout or QueryError when a limit is passed."""
        chunk = bytes(data)
        if self.limits.expired():
            raise QueryTimeout("the query ran past its time limit while its answer was being written")
        self.markers += (self._tail + chunk).count(self.marker)
        self._tail = chunk[-(len(self.marker) - 1):] if len(self.marker) > 1 else b""
        cap = self.limits.max_rows
        if cap is not None and self.records > cap:
            raise QueryError(f"the answer has more than {cap} {self.what}, this server's limit: "
                             "add LIMIT, or page through it with LIMIT and OFFSET")
        return super().write(chunk)
