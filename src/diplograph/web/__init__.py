"""The web service (FastAPI): SPARQL endpoint and Linked Data."""

from diplograph.web.app import create_app

__all__ = ["create_app"]
