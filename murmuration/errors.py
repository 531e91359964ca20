"""Errors raised by action functions.

Views turn them into form errors or messages, the API into status codes, the CLI into a message
on stderr; the text is written for the person who made the request.
"""


class ActionError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(ActionError):
    status = 403


class NotFound(ActionError):
    """Also used where a thing exists but the person may not know it does."""

    status = 404


class Conflict(ActionError):
    status = 409
