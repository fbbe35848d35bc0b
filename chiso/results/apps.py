from django.apps import AppConfig


class ResultsConfig(AppConfig):
    """Results (kết quả): official ranking, published snapshots, the public portal, open data."""

    name = "chiso.results"
    label = "results"
    verbose_name = "Kết quả và công bố"
