"""Times the fan-out of posts by `celebrity` (followed by every generated member).

    python bench/fanout.py --posts 20

Each post goes through the real path: publish_post → on commit → post_published → the feed
task (run at once here, as a worker would) → one INSERT … SELECT in its own transaction, then
the trimming task it queues. Prints, per post, the time from the publish call until the last
follower's entry is committed, the fan-out transaction's own time, the trimming task's, the
whole publish call's, and the totals.
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import setup_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--posts", type=int, default=20)
    parser.add_argument("--pause", type=float, default=0.2, help="seconds between posts")
    args = parser.parse_args()
    setup_django()
    from candela.feed import services
    from candela.feed.models import TimelineEntry
    from candela.posts.services import publish_post
    from candela.profiles.models import Actor

    marks: dict[str, float] = {}
    fan_out = services.fan_out_post
    trim = services.trim_after_fan_out

    def timed_fan_out(post_id: int) -> int:
        marks["fan_out_start"] = time.perf_counter()
        written = fan_out(post_id)
        # fan_out_post has committed its transaction: every entry exists now.
        marks["inserted"] = time.perf_counter()
        marks["written"] = written
        return written

    def timed_trim(post_id: int) -> None:
        marks["trim_start"] = time.perf_counter()
        trim(post_id)
        marks["trimmed"] = time.perf_counter()

    services.fan_out_post = timed_fan_out  # type: ignore[assignment]
    services.trim_after_fan_out = timed_trim  # type: ignore[assignment]

    celebrity = Actor.objects.get(username="celebrity")
    followers = celebrity.follower_set.count()
    print(f"celebrity has {followers} followers")
    visible, insert_only, trims, totals, written = [], [], [], [], 0
    for n in range(args.posts):
        start = time.perf_counter()
        post = publish_post(celebrity, text=f"Benchmark post {n}", visibility="public")
        done = time.perf_counter()
        count = TimelineEntry.objects.filter(post_id=post.id).count()
        assert count >= followers, (count, followers)
        visible.append(marks["inserted"] - start)
        insert_only.append(marks["inserted"] - marks["fan_out_start"])
        trims.append(marks["trimmed"] - marks["trim_start"])
        totals.append(done - start)
        written += int(marks["written"])
        print(
            f"post {n}: all {count} entries after {visible[-1] * 1000:.0f} ms "
            f"(fan-out transaction {insert_only[-1] * 1000:.0f} ms; then trimming "
            f"{trims[-1] * 1000:.0f} ms, publish call {totals[-1] * 1000:.0f} ms)",
            flush=True,
        )
        time.sleep(args.pause)
    print(
        f"publish → last entry: median {statistics.median(visible) * 1000:.0f} ms, "
        f"max {max(visible) * 1000:.0f} ms; trimming task: median "
        f"{statistics.median(trims) * 1000:.0f} ms, max {max(trims) * 1000:.0f} ms"
    )
    print(
        f"fan-out throughput: {written / sum(insert_only):,.0f} entries/s in the fan-out "
        f"transaction, {written / sum(totals):,.0f} entries/s including publish and trimming"
    )


if __name__ == "__main__":
    main()
