"""The benchmark's reference endpoint (bench/README.md): 20 indexed rows read with the ORM and
returned as JSON, the baseline the home timeline's throughput is compared with. Mounted only
when CANDELA_BENCH is set."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from candela.posts.models import Post


def reference(request: HttpRequest) -> JsonResponse:
    rows = Post.objects.order_by("-id")[:20]
    return JsonResponse(
        [
            {
                "id": str(post.id),
                "author_id": str(post.author_id),
                "content": post.content,
                "created_at": post.created_at.isoformat(),
            }
            for post in rows
        ],
        safe=False,
    )
