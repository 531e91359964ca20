"""The OpenAPI schema and the interactive docs, served without any CDN."""

import re

from django.test import Client


def test_it_serves_the_openapi_schema_as_json_listing_the_paths(db):
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    paths = schema["paths"]
    for path in [
        "/api/v1/me",
        "/api/v1/me/tokens",
        "/api/v1/communities",
        "/api/v1/communities/{slug}",
        "/api/v1/communities/{slug}/members",
        "/api/v1/communities/{slug}/invitations",
        "/api/v1/communities/{slug}/join-requests",
        "/api/v1/communities/{slug}/purpose-versions",
        "/api/v1/communities/{slug}/groups",
        "/api/v1/communities/{slug}/groups/{group_slug}",
        "/api/v1/invitations/{token}/accept",
        "/api/v1/join-requests/{request_id}/decide",
    ]:
        assert path in paths
    assert schema["components"]["securitySchemes"]["BearerAuth"]["scheme"] == "bearer"


def test_it_lists_the_allowed_choices_in_the_schema(db):
    schemas = Client().get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert set(schemas["Visibility"]["enum"]) == {"private", "listed"}


def test_it_serves_the_docs_page_with_local_assets_only(db):
    response = Client().get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" in html
    assert "/api/v1/openapi.json" in html
    assets = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith("/static/"), asset
    assert not re.search(r"https?://", html)
    # Swagger UI would otherwise load a validity badge from validator.swagger.io.
    assert '"validatorUrl": null' in html


def test_it_serves_the_docs_assets_itself(db):
    html = Client().get("/api/docs").content.decode()
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        response = Client().get(asset)
        assert response.status_code == 200, asset
