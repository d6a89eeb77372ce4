"""Charts for every package: the CJK font, drawing helpers, and the cache of rendered charts."""
