"""PicProof: find your stolen photos, keep court-ready evidence, write the letters."""

__version__ = "0.1.0"
