"""zhnews: crawl, extract and clean Chinese news into a Parquet corpus."""
