"""The fixed lists an organization's profile is chosen from, so that the operator's breakdowns group alike.

Anything a list does not cover is chosen as "other" and kept as the organization wrote it.
"""

from django.utils.translation import gettext_lazy as _

from pusula.lib.text import turkish_fold

OTHER = "other"

# The 81 provinces, in Turkish alphabetical order. The stored value is the province's name.
PROVINCES = (
    "Adana", "Adıyaman", "Afyonkarahisar", "Ağrı", "Aksaray", "Amasya", "Ankara", "Antalya", "Ardahan", "Artvin",
    "Aydın", "Balıkesir", "Bartın", "Batman", "Bayburt", "Bilecik", "Bingöl", "Bitlis", "Bolu", "Burdur", "Bursa",
    "Çanakkale", "Çankırı", "Çorum", "Denizli", "Diyarbakır", "Düzce", "Edirne", "Elazığ", "Erzincan", "Erzurum",
    "Eskişehir", "Gaziantep", "Giresun", "Gümüşhane", "Hakkari", "Hatay", "Iğdır", "Isparta", "İstanbul", "İzmir",
    "Kahramanmaraş", "Karabük", "Karaman", "Kars", "Kastamonu", "Kayseri", "Kırıkkale", "Kırklareli", "Kırşehir",
    "Kilis", "Kocaeli", "Konya", "Kütahya", "Malatya", "Manisa", "Mardin", "Mersin", "Muğla", "Muş", "Nevşehir",
    "Niğde", "Ordu", "Osmaniye", "Rize", "Sakarya", "Samsun", "Siirt", "Sinop", "Sivas", "Şanlıurfa", "Şırnak",
    "Tekirdağ", "Tokat", "Trabzon", "Tunceli", "Uşak", "Van", "Yalova", "Yozgat", "Zonguldak",
)  # fmt: skip

CITY_CHOICES = [(name, name) for name in PROVINCES] + [(OTHER, _("Diğer (yurt dışı ya da birden çok il)"))]

FIELDS_OF_WORK = [
    ("women", _("Kadın hakları ve toplumsal cinsiyet eşitliği")),
    ("children-youth", _("Çocuk ve gençlik")),
    ("education", _("Eğitim")),
    ("health", _("Sağlık")),
    ("disability", _("Engelli hakları")),
    ("human-rights", _("İnsan hakları ve demokrasi")),
    ("environment", _("Çevre, iklim ve hayvan hakları")),
    ("migration", _("Göç ve mülteciler")),
    ("poverty", _("Yoksullukla mücadele ve sosyal yardım")),
    ("disaster", _("Afet ve insani yardım")),
    ("culture", _("Kültür, sanat ve spor")),
    ("local", _("Kent, yerel yönetim ve katılım")),
    ("economy", _("Meslek, ekonomi ve istihdam")),
    (OTHER, _("Diğer")),
]


_PROVINCE_BY_FOLD = {turkish_fold(name): name for name in PROVINCES}


def province_for(text):
    """The province a free-text city names, or None."""
    return _PROVINCE_BY_FOLD.get(turkish_fold(text or ""))
