"""Every message crossfact shows a user, in one place, so wording stays consistent and testable."""

from __future__ import annotations


class CrossfactError(Exception):
    """Base of the errors crossfact raises on purpose; the CLI prints them as one line."""


class ConfigError(CrossfactError):
    """A configuration file or option that cannot be used."""


class ReadError(CrossfactError):
    """One input (a file or a record in it) that cannot be read; it becomes a ``Skipped`` entry."""


CONFIG_MISSING = "config file {path} does not exist"
CONFIG_UNPARSABLE = "config file {path} cannot be parsed: {reason}"
CONFIG_NOT_MAPPING = "config section '{where}' must be a mapping of keys to values"
CONFIG_UNKNOWN_KEY = "unknown config key '{key}'; known keys here: {known}"

PATH_NOT_FOUND = "no such file, directory or glob match"
NO_READABLE_FILE = (
    "directory holds no file of a readable kind (.txt, .html, .htm, .json, .jsonl, .csv, .warc, .warc.gz)"
)
UNSUPPORTED_SUFFIX = (
    "unsupported file kind '{suffix}' (readable: .txt, .html, .htm, .json, .jsonl, .csv, .warc, .warc.gz)"
)
EMPTY_FILE = "file is empty"
TOO_LARGE = "file is {size} bytes, over the limit of {limit} bytes (config read.max_file_bytes)"
RECORD_TOO_LARGE = (
    "record text is {size} characters, over the limit of {limit} (config read.max_record_chars)"
)
BINARY = "file looks binary (NUL bytes in the first 8 kB), not text"
UNDECODABLE = "file is not valid UTF-8, UTF-16 or a single-byte encoding it could be read as: {reason}"
NO_TEXT = "no article text found"
NO_TEXT_FIELD = "record has no text field (looked for: {fields})"
BAD_JSON = "malformed JSON: {reason}"
JSON_NOT_OBJECT = "JSON record is a {kind}, expected an object with a text field"
BAD_CSV = "malformed CSV row: {reason}"
CSV_NO_TEXT_COLUMN = "CSV header has no text column (looked for: {fields})"
BAD_GZIP = "truncated or corrupt gzip data: {reason}"
BAD_WARC = "truncated or corrupt WARC file: {reason}"
WARC_NO_HTML = "WARC file holds no HTML or text response record"
BAD_HTML = "HTML could not be parsed: {reason}"
BAD_SIDECAR = "sidecar {sidecar} cannot be used: {reason}"
BAD_DATE = "published date '{value}' is not a date"
DUPLICATE_OF = "same content as {path}"

NOTHING_LEFT_AFTER_CLEAN = "no text left after cleaning: every line was boilerplate, table debris or markup"
NOTHING_ANALYSED = "nothing could be analysed: all {count} input(s) were skipped"
NO_INPUTS = "no input paths given"
