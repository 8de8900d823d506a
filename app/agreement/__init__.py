"""The Agreement window: inter-coder agreement per code, a heat map of codes
by sources, the units the coders disagree on, and a methods paragraph."""
