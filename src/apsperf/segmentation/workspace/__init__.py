"""The council workspace (``apsperf council``): a calibration session held live in a browser.

A layer at the top of the segmentation domain, beside ``cli``: nothing below imports it.
Its web server (Starlette served by uvicorn) is the ``council`` extra and is imported only
by :mod:`apsperf.segmentation.workspace._app` and ``_serve``, never by ``import apsperf``.
The state it holds (:mod:`._council`) and its store (:mod:`._store`) need only the standard
library and apsperf itself. See docs/council.md.
"""
