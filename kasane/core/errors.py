class DomainError(Exception):
    """A rule of the domain refused an action; the message is Japanese and shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
