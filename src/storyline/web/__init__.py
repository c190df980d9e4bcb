"""The analysts' web pages (Jinja2 templates, plain CSS and JavaScript); needs the ``web``
extra. The router is mounted by :func:`storyline.api.app.create_app`."""

from __future__ import annotations
