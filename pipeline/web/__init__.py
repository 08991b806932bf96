"""The review web page: a WSGI app over the review stage (`pipeline.review`), server-rendered,
escaped, with a JSON twin for every view."""
