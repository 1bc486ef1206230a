"""Size limits on input, one constant each: the parser, the CLI and the web app read them here.

They exist so one request or file cannot hold a process's memory. 2 MB holds the longest
page of ../shared/data/pages.jsonl.gz (1.6 MB of HTML).
"""

# The largest article (text or HTML, UTF-8 bytes) scored; larger input is refused.
MAX_ARTICLE_BYTES = 2_000_000
# The largest CSV the web app accepts on /batch and /api/batch.
MAX_UPLOAD_BYTES = 20_000_000
