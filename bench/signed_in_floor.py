"""The report of the signed-in floor (issue 26 item 1; measured by `measure_signed_in_floor` in bench/run.py): the
bare-Django floor's tiny template asked by each user of the signed-in pages, in their session. What the floor
loses signed in is what every signed-in request pays before its page's own work, whatever the page; what a page
loses against its user's signed-in floor is the page's own work."""

#: The users of the signed-in pages, in the order they are reported: who they are, and what their session carries.
USERS = {
    "applicant": ("the applicant", "session, user, roles"),
    "expert": ("an expert", "also the second-factor device"),
    "office": ("the office", "also the second-factor device"),
    "committee": ("a committee member", "also the second-factor device"),
}


def _run(runs: dict, clients: int) -> dict:
    """A run by its number of clients (int keys: bench/run.py turns them back into ints when it reads
    results.json again)."""
    return runs.get(clients) or {}


def _measured(floor_signed_in: dict) -> dict:
    """The users whose signed-in floor was measured: user → runs by clients."""
    return {
        who: runs
        for who, runs in floor_signed_in.items()
        if who in USERS and isinstance(runs, dict) and "skipped" not in runs and _run(runs, 8).get("rps")
    }


def floor_rows(floor_signed_in: dict, concurrency: tuple[int, ...]) -> list[str]:
    """Rows of the report's floors table, one per user: req/s · p50/p95 ms at each concurrency."""
    measured = _measured(floor_signed_in)
    rows = []
    for who, (name, carries) in USERS.items():
        if who in measured:
            cells = [
                f"{_run(measured[who], c)['rps']:.0f} · {_run(measured[who], c)['p50_us'] / 1000:.1f}/"
                f"{_run(measured[who], c)['p95_us'] / 1000:.1f}"
                for c in concurrency
            ]
        elif isinstance(floor_signed_in.get(who), dict) and "skipped" in floor_signed_in[who]:
            cells = [floor_signed_in[who]["skipped"]] + ["—"] * (len(concurrency) - 1)
        else:
            continue
        rows.append(
            f"| bare Django signed in as {name} ({carries}), req/s · p50/p95 ms | " + " | ".join(cells) + " |"
        )
    return rows


def pages_section(floor8: float, floor_signed_in: dict, pages: dict) -> list[str]:
    """The report's section comparing each signed-in page with its user's signed-in floor at 8 clients; `pages`:
    the pages of the run by name, each with its `user` and `runs`. Nothing when no signed-in floor was measured."""
    measured = _measured(floor_signed_in)
    if not measured or not floor8:
        reasons = sorted({runs["skipped"] for runs in floor_signed_in.values() if "skipped" in runs})
        if reasons:
            return ["", "## Signed-in pages against the signed-in floor (issue 26 item 1)", "", *reasons]
        return []
    kept = ", ".join(
        f"{_run(runs, 8)['rps'] / floor8 * 100:.1f} % for {USERS[who][0]}" for who, runs in measured.items()
    )
    lines = [
        "",
        "## Signed-in pages against the signed-in floor (issue 26 item 1)",
        "",
        "The bare-Django floor again (the same server settings and tiny template), asked in the session of each user of "
        "the signed-in pages, signed in through the login form. It reads nothing itself, so what it loses against "
        "the floor is what every signed-in request pays before its page (the session, the user and their roles, "
        "the second-factor device, the middleware's work for a signed-in user), and what a page loses against its "
        f"user's signed-in floor is the page's own work. Signed in, the floor keeps {kept} of its rate at 8 "
        "clients.",
        "",
        "| page | user | req/s @8 | the user's signed-in floor @8 | share of it | share of the floor |",
        "|---|---|---|---|---|---|",
    ]
    for name, page in pages.items():
        who = page.get("user")
        rps = _run(page.get("runs", {}), 8).get("rps")
        if who not in measured or not rps:
            continue
        signed_in = _run(measured[who], 8)["rps"]
        lines.append(
            f"| {name} | {who} | {rps:.1f} | {signed_in:.1f} | {rps / signed_in * 100:.1f} % | "
            f"{rps / floor8 * 100:.1f} % |"
        )
    return lines
