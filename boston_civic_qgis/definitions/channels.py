"""Which 311 channels are resident-initiated: a table the user can edit (channels.csv beside
this file holds Boston's channels, the default)."""
import csv
import os

CHANNELS_CSV = os.path.join(os.path.dirname(os.path.abspath(__file__)), "channels.csv")
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0"}


class ChannelTableError(ValueError):
    """A channel table that cannot be used, with the file and line."""


def read_channels(path: str = CHANNELS_CSV):
    """(resident channels, staff channels) from a CSV with columns channel, resident_initiated."""
    resident, staff = set(), set()
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or not {"channel", "resident_initiated"} <= set(
                reader.fieldnames):
            raise ChannelTableError(f"{path}: needs the columns channel, resident_initiated")
        for line, row in enumerate(reader, start=2):
            flag = (row["resident_initiated"] or "").strip().lower()
            if flag not in TRUE_WORDS | FALSE_WORDS:
                raise ChannelTableError(f"{path}, line {line}: resident_initiated must be "
                                        f"true or false, not {row['resident_initiated']!r}")
            (resident if flag in TRUE_WORDS else staff).add(row["channel"].strip())
    if resident & staff:
        raise ChannelTableError(f"{path}: channels listed both ways: {sorted(resident & staff)}")
    return frozenset(resident), frozenset(staff)


BOSTON_RESIDENT_CHANNELS, BOSTON_STAFF_CHANNELS = read_channels()
