"""Logging helpers referenced from settings.LOGGING."""

import logging


class OneLineWarning(logging.Filter):
    """Log a record as one warning line: no traceback, level WARNING.

    For expected noise such as requests for a host we do not serve, which Django logs as
    errors with a full traceback.
    """

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.levelno = logging.WARNING
        record.levelname = "WARNING"
        return True
