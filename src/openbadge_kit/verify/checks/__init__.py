"""The verification checks, one module each, run in the order of :data:`PIPELINE`.

Each check is a function ``check(state) -> None`` that appends its results to
``state.report`` (and may fill in ``state`` for the checks after it).  The runner in
:mod:`openbadge_kit.verify.pipeline` wraps every call, so an unexpected exception
becomes a failed ``internal.unexpected_error`` result instead of escaping.
"""
