"""Every message crossfact shows a user, in one place, so wording stays consistent and testable."""

from __future__ import annotations


class CrossfactError(Exception):
    """Base of the errors crossfact raises on purpose; the CLI prints them as one line."""


class ConfigError(CrossfactError):
    """A configuration file or option that cannot be used."""


class ReadError(CrossfactError):
    """One input (a file or a record in it) that cannot be read; it becomes a ``Skipped`` entry.

    ``line`` is the line of the file where reading failed, when there is one.
    """

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


CONFIG_MISSING = "config file {path} does not exist"
CONFIG_UNPARSABLE = "config file {path} cannot be parsed: {reason}"
CONFIG_NOT_MAPPING = "config section '{where}' must be a mapping of keys to values"
CONFIG_UNKNOWN_KEY = "unknown config key '{key}'; known keys here: {known}"
CONFIG_BAD_TYPE = "config key '{key}' must be {expected}, got {value!r}"
CONFIG_OUT_OF_RANGE = "config key '{key}' must be {bound}, got {value!r}"
OUT_NOT_WRITABLE = "--out {path}: cannot write a report there ({reason})"

_READABLE = ".txt, .html, .htm, .json, .jsonl, .ndjson, .csv or .warc, each optionally gzipped (.gz)"
PATH_NOT_FOUND = "no such file, directory or glob match"
NO_READABLE_FILE = f"directory holds no file of a readable kind ({_READABLE})"
UNSUPPORTED_SUFFIX = "unsupported file kind '{suffix}' (readable: " + _READABLE + ")"
SIDECAR_NOT_ARTICLE = "this is a metadata sidecar, not an article: give the file it describes instead"
ORPHAN_SIDECAR = (
    "metadata sidecar with no article file beside it to describe (looked for {base}.<readable kind>)"
)
NOT_REGULAR_FILE = "not a regular file but {kind}; only files are read"
DANGLING_LINK = "symbolic link to nothing (its target does not exist)"
LINK_LOOP = "symbolic links loop here (too many levels of links)"
UNREADABLE_PATH = "cannot be opened: {reason}"
DIRECTORY_WALKED = "directory already read through another path (a symbolic link to it)"
EMPTY_FILE = "file is empty"
BLANK_FILE = "file holds only whitespace, no article text"
TOO_LARGE = "file is {size} bytes, over the limit of {limit} bytes (config read.max_file_bytes)"
TOO_LARGE_UNPACKED = "file unpacks to more than {limit} bytes, the limit (config read.max_file_bytes)"
LINE_TOO_LARGE = "line is over the limit of {limit} bytes (config read.max_file_bytes); it was skipped"
RECORD_TOO_LARGE = (
    "record text is {size} characters, over the limit of {limit} (config read.max_record_chars)"
)
BINARY = "file looks binary (NUL bytes in its first 8 kB); UTF-16/32 text needs a byte-order mark"
UNDECODABLE = "file is not valid UTF-8, UTF-16 or a single-byte encoding it could be read as: {reason}"
UNDECODABLE_LINE = "line is not valid UTF-8: {reason}"
NO_TEXT = "no article text found"
HTML_NO_TEXT = "no main text found in the HTML page (trafilatura extracted nothing)"
NO_TEXT_FIELD = "record has no text field (looked for: {fields})"
TEXT_NOT_STRING = "record field '{field}' is {kind}, expected a string of article text"
BAD_JSON = "malformed JSON: {reason}"
BAD_JSON_LINE = "malformed JSON line: {reason} at column {column}"
JSON_TOO_DEEP = "JSON nested too deeply to read"
JSON_NOT_OBJECT = "JSON record is {kind}, expected an object with a text field"
JSON_VALUE_BAD = "malformed JSON after the first {count} value(s), the rest of the file is skipped: {reason}"
JSON_ITEM = "item {number}: {reason}"
BAD_CSV = "malformed CSV row: {reason}"
UNDECODABLE_ROW = "row is not valid UTF-8: {reason}"
ROW_TOO_LARGE = (
    "row is {size} bytes, over the limit of {limit} bytes (config read.max_file_bytes); it was skipped"
)
CSV_FIELD_COUNT = "malformed CSV row: {count} fields where the header has {expected}"
CSV_NO_ROWS = "CSV file has a header but no data rows"
CSV_NO_TEXT_COLUMN = "CSV header has no text column (looked for: {fields})"
BAD_GZIP = "truncated or corrupt gzip data: {reason}"
BAD_GZIP_AT_LINE = (
    "truncated or corrupt gzip data from this line on (the {count} lines before it were read): {reason}"
)
BAD_WARC = "truncated or corrupt WARC file after {count} record(s): {reason}"
WARC_CUT_SHORT = "record {number} ({uri}) is cut short: {missing} of its {length} bytes are missing"
WARC_BAD_HEADER = "record {number} has no complete WARC header (WARC-Type and Content-Length)"
WARC_TRAILING = "the last {size} bytes are not a complete record"
WARC_RECORD = "WARC record {number} ({uri}): {reason}"
WARC_RESYNC = "damaged record ({reason}); reading on from the next record header, at byte {offset}"
WARC_NOT_ARTICLE = "not an article: {what}"
WARC_REVISIT = "not an article: a revisit record (a repeat capture, without content)"
WARC_RECORD_TOO_LARGE = "content is over the limit of {limit} bytes (config read.max_file_bytes)"
WARC_NO_HTML = "WARC file holds no successful (2xx) HTML or plain-text response record"
BAD_HTML = "HTML could not be parsed: {reason}"
BAD_SIDECAR = "sidecar {sidecar} cannot be used: {reason}"
BAD_DATE = "published date '{value}' is not a date (the article is kept without one)"
SURROGATES_REPLACED = (
    "{count} lone surrogate code point(s) (invalid Unicode, e.g. JSON '\\ud800') replaced by U+FFFD"
)
SKIPS_AGGREGATED = (
    "{count:,} more record(s) skipped like this one (the first {listed} are listed apart): {first}"
)
READER_FAILED = "the reader failed on this file ({error}); please report it with the file"
DUPLICATE_OF = "same content as {path}"

NOTHING_LEFT_AFTER_CLEAN = "no text left after cleaning: every line was boilerplate, table debris or markup"
STAGE_TIMEOUT = (
    "stage '{stage}' took over {seconds:g} s on this article, its time budget (config limits.stage_seconds); "
    "the article was skipped"
)
ARTICLE_CUT = (
    "text is {size:,} characters, over the limit of {limit:,} (config limits.article_chars): analysed up to the "
    "paragraph break at {cut:,}; the rest is kept in the edit log"
)
UNPACKED_LIMIT = (
    "stopped after {limit:,} bytes read (config read.max_unpacked_bytes); the rest of the file was skipped"
)
RECORDS_LIMIT = (
    "stopped after {limit:,} records or lines (config read.max_records); the rest of the file was skipped"
)
HTML_TOO_COMPLEX = "HTML page has {what} (config read.{key}); it was not parsed"
READ_TIMEOUT = (
    "reading stopped after {seconds:g} s on one record of this file (config limits.stage_seconds); the rest "
    "of the file was skipped"
)
STAGE_FAILED = "stage '{stage}' failed on this article ({error}); please report it with the file"
NOTHING_ANALYSED = "nothing could be analysed: all {count} input(s) were skipped"
NO_INPUTS = "no input paths given"


class KBError(CrossfactError):
    """A knowledge-base file that cannot be used; the message names the file and, when known, the line."""

    def __init__(self, message: str, *, path: str, line: int | None = None) -> None:
        super().__init__(f"{path}:{line}: {message}" if line is not None else f"{path}: {message}")
        self.path = path
        self.line = line


KB_MISSING = "knowledge-base file does not exist"
KB_UNSUPPORTED_SUFFIX = "unsupported knowledge-base file kind '{suffix}' (readable: .yaml, .yml, .csv)"
KB_UNDECODABLE = "knowledge-base file is not valid UTF-8: {reason}"
KB_BAD_YAML = "malformed YAML: {reason}"
KB_NOT_MAPPING = "expected a mapping with the sections {sections}, found {found}"
KB_UNKNOWN_SECTION = "unknown section '{section}'; known sections: {sections}"
KB_SECTION_NOT_LIST = "section '{section}' must be a list of entries"
KB_ENTRY_NOT_MAPPING = "an entry must be a mapping of fields to values, found {found}"
KB_UNKNOWN_FIELD = "unknown field '{field}' for a {kind}; known fields: {fields}"
KB_DUPLICATE_FIELD = "field '{field}' is given twice in one entry"
KB_MISSING_FIELD = "{kind} entry has no '{field}'"
KB_MISSING_NAME = (
    "new entry '{id}' has no 'name' (only an entry that extends an existing id may leave it out)"
)
KB_NOT_TEXT = "field '{field}' must be a single text value, found {found}"
KB_NOT_TEXT_LIST = "field '{field}' must be a list of text values"
KB_BAD_ID = "id '{id}' must look like '{kind}:some-name' (lower-case letters, digits, '-', '.', '_')"
KB_BAD_TYPE = "type '{type}' is not one of {types}"
KB_BAD_DATE = "{field} '{value}' is not a date (write YYYY-MM-DD)"
KB_BAD_BOOL = "{field} '{value}' is not true or false"
KB_TENURE_NOT_MAPPING = "a tenure must be a mapping with office, start and optionally end and acting"
KB_TENURE_ENDS_BEFORE_START = "tenure in {office} ends ({end}) before it starts ({start})"
KB_DUPLICATE_ID = "id '{id}' is defined twice (first at {first})"
KB_CONFLICTING_VALUE = "id '{id}' has {field} '{first}' in an earlier row, '{value}' here"
KB_UNKNOWN_REFERENCE = "{field} '{value}' is not a {kind} in the knowledge base"
KB_BAD_CSV = "malformed CSV row: {reason}"
KB_CSV_FIELD_COUNT = "malformed CSV row: {count} fields where the header has {expected}"
KB_CSV_UNKNOWN_COLUMN = "unknown CSV column '{column}'; known columns: {columns}"
KB_CSV_MISSING_COLUMN = "CSV header has no '{column}' column (required: {columns})"
KB_CSV_BAD_KIND = "kind '{kind}' is not one of {kinds}"
KB_CSV_FIELD_FOR_KIND = "column '{field}' does not apply to a {kind}"
STEP_UNKNOWN = "unknown stage(s) {unknown}; stages are {known}"
STEP_ORDER = "stage '{step}' reads {missing} before any stage writes them"
STEP_UNDECLARED = "step '{step}' changed {fields} without declaring them in assigns"
STORIES_BAD_THRESHOLD = "stories.threshold must be between 0 and 1, got {value}"
STORIES_BAD_WEIGHTS = (
    "stories.content_weight and stories.actor_weight must be >= 0 and not both 0, got {value}"
)
STORIES_BAD_TIME = (
    "stories.time_weight must be in [0, 1] and stories.time_scale_days > 0, got {weight} and {scale}"
)
STORIES_BAD_POSITIVE = "stories.{key} must be a positive integer, got {value}"
STORIES_BAD_METHOD = 'stories.method must be "batch" or "stream", got {value!r}'
STORIES_BAD_POSTINGS = "postings_per_key must be a positive integer, got {value}"
STORIES_FEATURES_MISMATCH = (
    "story features of {article} were built with n_features={built}, but this clusterer uses {used}: "
    "build them with the clusterer's StoriesConfig"
)

# Sentence similarity (crossdoc/similarity.py): a bad setting, and why the lexical fallback runs.
SIMILARITY_UNKNOWN_ENCODER = "similarity.encoder is '{value}'; use one of {known}"
SIMILARITY_SET_LEXICAL = "similarity.encoder is 'lexical' in the config"
SIMILARITY_NOT_INSTALLED = (
    "the similarity extra is not installed ({missing} missing): pip install 'crossfact[similarity]'"
)
SIMILARITY_NO_MODEL = "no {task} pair model fitted with {encoder} ships (benchmarks/README.md says why)"

REPORT_MISSING = "report {path} does not exist: give the report.json that `crossfact analyze` wrote"
REPORT_UNPARSABLE = "report {path} is not JSON: {reason}"
REPORT_WRONG_SCHEMA = (
    "report {path} has schema {found!r}; this crossfact reads {expected!r} (run analyze again)"
)
REPORT_INVALID = "report {path} does not follow the {schema} schema at {where}: {reason}"
EXPORT_UNKNOWN_FORMAT = "--to {value!r}: choose from {known}"
EXPORT_UNKNOWN_CLAIMS = "--claims: no claim {ids} in this report (claim ids look like 'claim-7f76b557d5f9')"
EXPORT_CLAIMS_NOT_CLAIMREVIEW = "--claims selects the claims of --to claimreview only, not of --to {to}"


class StoreError(CrossfactError):
    """A store file that cannot be opened or used; the message names the file."""


class StoreBusy(StoreError):
    """Another run held the store's writer lock past ``store.lock_timeout``: ``path`` names the store and
    ``seconds`` how long this run waited."""

    def __init__(self, path: str, seconds: float) -> None:
        super().__init__(STORE_BUSY.format(path=path, seconds=seconds))
        self.path = path
        self.seconds = seconds


# The SQLite store (store/): a file that is not a store, or one written by a newer crossfact.
STORE_NEWER = (
    "{path}: store schema version {found} is newer than this crossfact supports ({supported}); "
    "upgrade crossfact to open it"
)
STORE_NOT_A_STORE = "{path}: not a crossfact store ({reason})"
STORE_MISSING = "{path}: no such store; make one with 'crossfact analyze PATH... --store {path}'"
# Two runs writing one store (store/lock.py): the second waits, then gives up after store.lock_timeout.
STORE_WAITING = "waiting for another run writing {path} (up to {seconds:g} s, config store.lock_timeout)"
STORE_BUSY = (
    "{path}: another run is still writing this store after {seconds:g} s of waiting (config store.lock_timeout); "
    "try again when it has finished"
)
STORE_LOCK_FAILED = "cannot take the writer lock {path}: {reason}"

# The workbench (serve/, 'crossfact serve').
SERVE_NEEDS_EXTRA = (
    "'crossfact serve' needs the web packages ({missing} is not installed): pip install 'crossfact[serve]'"
)
SERVE_NO_STORE = (
    "no store given and {path} does not exist; make one with 'crossfact analyze PATH... --out {folder}' "
    "or name a store: 'crossfact serve STORE'"
)
UPLOAD_TOO_LARGE = "upload is over the limit of {limit} bytes (config read.max_file_bytes); it was not saved"
UPLOAD_EMPTY = "upload is empty; it was not saved"
UPLOAD_NOTHING = "choose one or more files to upload, or paste a saved page's HTML"
UPLOAD_TOO_MANY = (
    "{count} files in one upload: give at most {limit} (or add a folder with 'crossfact add STORE DIR')"
)
UPLOAD_BAD_DATE = "publication date {value!r} is not an ISO date (YYYY-MM-DD)"
UPLOAD_STORE_BUSY = (
    "The store is busy: another run (crossfact add, analyze or another upload) is writing {path}, and it did not "
    "finish within {seconds:g} s (config store.lock_timeout). Nothing was added; send the form again later."
)
UPLOAD_BAD_URL = "URL {value!r}: give an http:// or https:// address, or leave it empty"
CROSS_SITE = (
    "refused: this form was sent from another site ({origin}); add articles from the workbench's own page"
)
CROSS_SITE_TOKEN = "refused: the form's token is missing or stale; reload the page and send the form again"
SEARCH_SYNTAX = (
    'search {query!r} is not valid full-text syntax ({reason}): use words, "quoted phrases", OR, NOT and '
    'prefix*; put figures and punctuation inside double quotes, e.g. "€4.2"'
)


class EngineError(CrossfactError):
    """An engine that cannot run: its extra is not installed, or its cluster cannot be reached."""


# The engines (engines/): '--engine ray' and its cluster.
ENGINE_UNKNOWN = "--engine {engine!r}: choose from {known}"
ENGINE_ADDRESS_WITHOUT_RAY = "--ray-address needs --engine ray"
RAY_NEEDS_EXTRA = "--engine ray needs Ray, which is not installed: pip install 'crossfact[ray]'"
RAY_ADDRESS_BAD = "--ray-address {address!r} is not 'auto', HOST:PORT or ray://HOST:PORT"
RAY_UNREACHABLE = (
    "--ray-address {address}: nothing answers at {host}:{port} ({reason}); start a cluster there with "
    "'ray start --head' or give the address it printed"
)
RAY_CONNECT_FAILED = (
    "--ray-address {address}: cannot join the Ray cluster ({reason}); a cluster made by 'ray start' checks a "
    "token: with HOST:PORT set RAY_AUTH_MODE=token (the token is read from ~/.ray/auth_token or RAY_AUTH_TOKEN)"
)
RAY_TASK_FAILED = (
    "a Ray task failed ({reason}); on a cluster, every node needs this crossfact version installed"
)
