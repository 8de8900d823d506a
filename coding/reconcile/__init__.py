"""Reconciliation: every discrepancy between two coders' layers (or a coder
and the consensus layer), a lead's decision on each, and the consensus layer
built from the agreements plus every decision.

``discrepancies`` finds and classifies them, with stable ids;
``decisions`` stores decisions, reopens them and writes the consensus layer;
``summary`` counts progress and writes the methods paragraph.
"""
