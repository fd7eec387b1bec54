"""Read a badge image given as bytes or as a path, within the image size limit."""

from __future__ import annotations

import os
from typing import Union

from ..errors import InputTooLargeError, InvalidInputError
from ..limits import Limits

#: what the public functions accept as an image
ImageInput = Union[bytes, bytearray, memoryview, str, "os.PathLike[str]"]


def _too_large(size: int, limits: Limits) -> InputTooLargeError:
    return InputTooLargeError(
        f"image is {size} bytes, over the limit of {limits.max_image_bytes} "
        "(raise Limits.max_image_bytes to accept it)",
        code="image_too_large",
    )


def read_image(image: ImageInput, limits: Limits) -> memoryview:
    """Return the image bytes as a read-only view (no copy for bytes input).

    Paths are read once, never more than ``limits.max_image_bytes + 1`` bytes.  A file
    that cannot be read raises ``InvalidInputError`` with code ``file_unreadable``.
    """
    if isinstance(image, (bytes, bytearray, memoryview)):
        view = memoryview(image).cast("B") if isinstance(image, memoryview) else memoryview(image)
        if view.nbytes > limits.max_image_bytes:
            raise _too_large(view.nbytes, limits)
        return view.toreadonly()
    if isinstance(image, (str, os.PathLike)):
        path = os.fspath(image)
        try:
            with open(path, "rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                if size > limits.max_image_bytes:
                    raise _too_large(size, limits)
                # read(n) allocates n bytes up front: ask for what the file holds, plus
                # one byte to notice a file that grew past the limit meanwhile
                data = handle.read(size + 1)
        except OSError as exc:
            raise InvalidInputError(
                f"cannot read image {path!r}: {exc.strerror or exc}", code="file_unreadable"
            ) from None
        if len(data) > limits.max_image_bytes:
            raise _too_large(len(data), limits)
        return memoryview(data).toreadonly()
    raise InvalidInputError(
        f"image must be bytes or a path, not {type(image).__name__}", code="image_invalid"
    )
