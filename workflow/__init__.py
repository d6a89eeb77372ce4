"""The guarded status machine that negotiations, agreements, votes, filings and reviews share."""
