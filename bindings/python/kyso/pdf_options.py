"""How a PDF is signed: kyso_pdf_options_t."""
from __future__ import annotations

import enum
from typing import Optional, Tuple

from ._handle import Handle, PathLike, encode, make
from ._native import lib
from .errors import check


class PadesLevel(enum.IntEnum):
    B_B = 0
    B_T = 1  #: with a signature time-stamp (set tsa_url)


class Certify(enum.IntEnum):
    """DocMDP permissions of a certification signature."""
    NONE = 0
    NO_CHANGES = 1
    FORM_FILLING = 2
    FORM_FILLING_AND_ANNOTATIONS = 3


class PdfOptions(Handle):
    """Options of Signer.sign_pdf, starting as the CLI's defaults (a new invisible field, PAdES B-B).

    ``visible`` is (page, x, y, width, height): page from 1, the rectangle in PDF points from the page's
    lower-left corner. name/title/reason/location are the appearance's text ("Chức danh", "Lý do",
    "Nơi ký"); image is a PNG drawn in it.
    """

    _destroy = lib.kyso_pdf_options_destroy

    def __init__(self, *, field: Optional[str] = None,
                 visible: Optional[Tuple[int, float, float, float, float]] = None,
                 name: Optional[str] = None, title: Optional[str] = None, reason: Optional[str] = None,
                 location: Optional[str] = None, image: Optional[PathLike] = None,
                 certify: Certify = Certify.NONE, level: PadesLevel = PadesLevel.B_B,
                 tsa_url: Optional[str] = None) -> None:
        super().__init__(make(lib.kyso_pdf_options_create))
        try:
            for setter, value in ((lib.kyso_pdf_options_set_field, field), (lib.kyso_pdf_options_set_name, name),
                                  (lib.kyso_pdf_options_set_title, title),
                                  (lib.kyso_pdf_options_set_reason, reason),
                                  (lib.kyso_pdf_options_set_location, location),
                                  (lib.kyso_pdf_options_set_image, image),
                                  (lib.kyso_pdf_options_set_tsa_url, tsa_url)):
                if value is not None:
                    check(setter(self._h, encode(value)))
            if visible is not None:
                page, x, y, width, height = visible
                check(lib.kyso_pdf_options_set_visible(self._h, int(page), float(x), float(y), float(width),
                                                       float(height)))
            check(lib.kyso_pdf_options_set_certify(self._h, int(certify)))
            check(lib.kyso_pdf_options_set_level(self._h, int(level)))
        except BaseException:
            self.close()
            raise
