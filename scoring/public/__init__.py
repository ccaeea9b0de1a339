"""公众评价 (第十九条): verified public ballots, organisations' opinions, office entry, anti-fraud, moderation."""
