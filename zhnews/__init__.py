"""zhnews: crawl, extract and clean Chinese news into a Parquet corpus."""

# Bumped whenever a change to extraction or cleaning changes what a document looks like,
# so rows from different versions of the pipeline can be told apart.
PIPELINE_VERSION = "1"
