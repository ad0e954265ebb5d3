"""The spasmgraph ontology, shipped as package data.

This folder is installed as the ``spasmgraph.ontology`` package so that its Turtle files,
SHACL shapes, mappings and named queries travel inside the wheel and are read with
:mod:`importlib.resources`.
"""
