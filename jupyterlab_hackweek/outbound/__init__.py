"""The server's one way out to the internet: a policy (:mod:`.policy`: which hosts,
which hops) above one urllib3 transport (:mod:`.transport`: pools, proxy, CA bundle,
timeouts, retries)."""
