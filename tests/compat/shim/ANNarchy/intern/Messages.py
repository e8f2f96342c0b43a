"""ANNarchy's exception names as annlab's."""
from annlab.errors import AnnlabError as ANNarchyException  # noqa: F401


class InvalidConfiguration(ANNarchyException):
    pass
