"""The thin GUI client: a dock that composes one widget per tab, a runner for Processing algorithms, the
analysis state (centres, scenarios, indicators) with its project load/save, map tools and the results group.

Nothing here computes: every figure comes from a ``hinterland:*`` Processing algorithm's declared outputs."""
