"""The department's campaign pages (filled in by the next commit)."""

urlpatterns: list[object] = []
