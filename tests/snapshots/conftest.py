from tests.functional.conftest import make_app, seed_articles, warm_cache  # noqa: F401
