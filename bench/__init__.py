"""`make bench`: xiuhua's throughput against bare ceilings measured in the same run (README.md)."""
