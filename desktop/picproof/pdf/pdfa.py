"""PDF/A-2b from reportlab's output: the sRGB output intent and the XMP identification it lacks.

Open-source reportlab writes no PDF/A. What PDF/A-2b asks of our files beyond what they already are
(every glyph from an embedded TrueType subset, no base-14 font, no encryption, no JavaScript) is an
output intent with an ICC profile for the device-RGB colours and images, and an XMP metadata stream
that identifies the part and conformance and says the same as the document information dictionary.
:func:`to_pdfa` adds both in one incremental update written by pyHanko (which also keeps XMP and the
information dictionary in step when the file is signed later). The sRGB profile is LittleCMS's
built-in one, through Pillow, so no profile file is shipped.
"""

from __future__ import annotations

import io
from functools import lru_cache

PDFA_PART = "2"
PDFA_CONFORMANCE = "B"


@lru_cache(maxsize=1)
def srgb_icc() -> bytes:
    from PIL import ImageCms

    return bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())


def to_pdfa(data: bytes) -> bytes:
    """``data`` (a reportlab PDF) as PDF/A-2b, by an incremental update."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.metadata import model, xmp_xml

    writer = IncrementalPdfFileWriter(io.BytesIO(data))
    existing = writer.prev.document_meta_view
    meta = writer.document_meta
    meta.title, meta.author, meta.subject = existing.title, existing.author, existing.subject
    meta.creator, meta.created = existing.creator, existing.created
    name = model.ExpandedName
    pdfaid = model.XmpStructure.of(
        (name(ns=model.NS["pdfaid"], local_name="part"), model.XmpValue(PDFA_PART)),
        (name(ns=model.NS["pdfaid"], local_name="conformance"), model.XmpValue(PDFA_CONFORMANCE)),
    )
    # One rdf:Description holding the identification and the document fields (pyHanko merges
    # into an existing stream; as an "extra" structure the identification would appear twice).
    stream = xmp_xml.MetadataStream.from_xmp(xmp_xml.update_xmp_with_meta(meta, [pdfaid]))
    writer.root[generic.NameObject("/Metadata")] = writer.add_object(stream)
    info_ref = writer.trailer.raw_get("/Info")
    info = info_ref.get_object()
    # PDF/A wants the information dictionary and XMP to agree entry by entry; pyHanko writes XMP
    # from the fields above, so drop what it would not mirror (reportlab's empty Keywords, Trapped)
    # and give Producer the value pyHanko writes to XMP.
    for key in ("/Keywords", "/Trapped"):
        if key in info:
            del info[key]
    info["/Producer"] = generic.TextStringObject(model.VENDOR)
    writer.mark_update(info_ref)

    profile = generic.StreamObject({generic.NameObject("/N"): generic.NumberObject(3)}, srgb_icc())
    profile.compress()
    intent = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/OutputIntent"),
            generic.NameObject("/S"): generic.NameObject("/GTS_PDFA1"),
            generic.NameObject("/OutputConditionIdentifier"): generic.TextStringObject("sRGB"),
            generic.NameObject("/Info"): generic.TextStringObject("sRGB IEC61966-2.1"),
            generic.NameObject("/DestOutputProfile"): writer.add_object(profile),
        }
    )
    writer.root[generic.NameObject("/OutputIntents")] = generic.ArrayObject(
        [writer.add_object(intent)]
    )
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdfa_identification(data: bytes) -> tuple[str, str] | None:
    """(part, conformance) from a PDF's XMP metadata, or None when it does not claim PDF/A."""
    from pyhanko.pdf_utils.metadata import model, xmp_xml
    from pyhanko.pdf_utils.reader import PdfFileReader

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    stream = reader.root.get("/Metadata")
    if stream is None:
        return None
    roots = xmp_xml.parse_xmp(io.BytesIO(stream.get_object().data))
    fields = {k: v for root in roots for k, v in root}
    part = fields.get(model.ExpandedName(ns=model.NS["pdfaid"], local_name="part"))
    level = fields.get(model.ExpandedName(ns=model.NS["pdfaid"], local_name="conformance"))
    if part is None or level is None:
        return None
    return str(part.value), str(level.value)
