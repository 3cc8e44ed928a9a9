"""Image analysis: per-layer statuses, merged trees, dive-exact metrics, reclaimable bytes."""
