from django.utils.text import slugify

# NFKD has no decomposition for the dotless ı, so slugify would drop it ("Kadın" → "kadn").
_TURKISH_ASCII = str.maketrans({"ı": "i", "İ": "i", "I": "i"})


def turkish_slug(text, max_length=50):
    return slugify(text.translate(_TURKISH_ASCII))[:max_length].strip("-")


def turkish_fold(text):
    """Case-insensitive matching of what people typed that respects İ/ı: "İZMİR", "izmir" and "İzmir"
    fold alike, and "I" is the capital of "ı"."""
    return text.strip().replace("İ", "i").replace("I", "ı").casefold()


def formula_safe(value):
    """Text a spreadsheet would run as a formula (=, +, -, @, or a tab or return before one) is kept as
    text with a leading apostrophe; anything else, numbers included, is left as it is."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def email_spelling(address):
    """An address as typed on a Turkish keyboard, made ASCII where Turkish casing broke it: "İ" is the
    capital of "i" (e-mail addresses ignore case), so "ALİ@ÖRNEK.ORG" means ali@örnek.org."""
    return (address or "").strip().replace("İ", "i")
