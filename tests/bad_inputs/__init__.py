"""The bad-input corpus: files we do not control, made wrong in every way the campaign found,
each asserting the one-line error (or the correct result), that the previous build survives
byte for byte and that nothing stray is left; and text from data that must stay text."""
