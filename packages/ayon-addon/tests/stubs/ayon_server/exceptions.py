"""AYON's exceptions carry their HTTP status; the server renders them as {code, detail}."""


class AyonException(Exception):
    status: int = 500
    detail: str = "Error"

    def __init__(self, detail: str | None = None) -> None:
        super().__init__(detail or self.detail)
        self.detail = detail or self.detail


class BadRequestException(AyonException):
    status = 400
    detail = "Bad request"


class UnauthorizedException(AyonException):
    status = 401
    detail = "Not logged in"


class ForbiddenException(AyonException):
    status = 403
    detail = "Forbidden"


class NotFoundException(AyonException):
    status = 404
    detail = "Not found"


class ConflictException(AyonException):
    status = 409
    detail = "Conflict"
