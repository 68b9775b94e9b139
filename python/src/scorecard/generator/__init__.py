"""Building blocks of the raw-data generator behind :func:`scorecard.generate.generate`.

The public entry point and the raw data contract live in :mod:`scorecard.generate`; the
modules here simulate one latent customer base (:mod:`.world`) and render it table by table:
:mod:`.crm`, :mod:`.product`, :mod:`.finance`, :mod:`.voice`, :mod:`.programs` and the large
event feed in :mod:`.events`. :mod:`.badrows` plants the documented bad rows.
"""
