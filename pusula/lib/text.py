from django.utils.text import slugify

# NFKD has no decomposition for the dotless ı, so slugify would drop it ("Kadın" → "kadn").
_TURKISH_ASCII = str.maketrans({"ı": "i", "İ": "i", "I": "i"})


def turkish_slug(text, max_length=50):
    return slugify(text.translate(_TURKISH_ASCII))[:max_length].strip("-")


def fold(text):
    """Turkish-aware case folding for matching what people typed: "İ" → "i", "I" → "ı"."""
    return text.strip().replace("İ", "i").replace("I", "ı").casefold()
