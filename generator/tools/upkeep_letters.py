"""The ready-made message a volunteer sends a group to ask whether it still runs as described.

Written in each site language the project has words for (English, Spanish, French, Arabic);
a group writing in another language gets the English one. The words are the project's, the
blanks are filled with the entry's own name and the page that lists it.
"""

# ruff: noqa: E501  (each paragraph of a message is one line: the mail program wraps it)
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote


@dataclass(frozen=True)
class Letter:
    """A message in one language: its subject and its text, with blanks filled."""

    language: str
    subject: str
    body: str

    def mailto(self, address: str) -> str:
        """Return a mailto: link that opens this message to `address` in a mail program."""
        return (
            f"mailto:{quote(address, safe='@')}?subject={quote(self.subject, safe='')}"
            f"&body={quote(self.body, safe='')}"
        )


_SUBJECTS = {
    "en": "Is {name} still running?",
    "es": "¿Sigue funcionando «{name}»?",
    "fr": "« {name} » a-t-il toujours lieu ?",
    "ar": "هل ما زالت «{name}» مستمرة؟",
}

_BODIES = {
    "en": """Hello,

We list {name} in “{site}”, a free directory of peer support groups kept up to date by volunteers: {page}

We last confirmed the details on {date}. Could you tell us whether the group still runs as described there (days and times, place or online link, how to join)? A short reply is enough: "still the same", or what has changed. If the group has stopped or is taking a break, please tell us too, so that nobody is sent to a meeting that no longer happens.

Thank you for the support you offer.
The volunteers of {site}""",
    "es": """Hola:

{name} aparece en «{site}», un directorio gratuito de grupos de apoyo entre iguales que mantienen al día personas voluntarias: {page}

Comprobamos sus datos por última vez el {date}. ¿Podrían decirnos si el grupo sigue funcionando como se describe allí (días y horarios, lugar o enlace en línea, cómo unirse)? Basta con una respuesta breve: «todo sigue igual», o lo que haya cambiado. Si el grupo ha terminado o está en pausa, avísennos también, para que nadie acuda a una reunión que ya no se celebra.

Gracias por el apoyo que ofrecen.
El equipo de voluntarios de {site}""",
    "fr": """Bonjour,

{name} figure dans « {site} », un répertoire gratuit de groupes de soutien par les pairs tenu à jour par des bénévoles : {page}

Nous avons vérifié ces informations pour la dernière fois le {date}. Pourriez-vous nous dire si le groupe fonctionne toujours comme indiqué (jours et horaires, lieu ou lien en ligne, façon de le rejoindre) ? Une réponse courte suffit : « rien n'a changé », ou ce qui a changé. Si le groupe s'est arrêté ou fait une pause, dites-le-nous aussi, pour que personne ne se rende à une rencontre qui n'a plus lieu.

Merci pour le soutien que vous apportez.
Les bénévoles de {site}""",
    "ar": """مرحبًا،

نُدرج {name} في «{site}»، وهو دليل مجاني لمجموعات دعم الأقران يحدّثه متطوعون: {page}

آخر مرة تحققنا فيها من هذه المعلومات كانت في {date}. هل يمكنكم إخبارنا إن كانت المجموعة ما زالت تعمل كما هو موصوف هناك (الأيام والمواعيد، والمكان أو رابط الاتصال عبر الإنترنت، وطريقة الانضمام)؟ يكفي ردّ قصير: «لا تغيير»، أو ما الذي تغيّر. وإذا توقفت المجموعة أو علّقت لقاءاتها مؤقتًا، فيُرجى إعلامنا أيضًا، حتى لا يقصد أحدٌ لقاءً لم يعد يُعقد.

شكرًا لكم على الدعم الذي تقدّمونه.
متطوعو {site}""",
}

LANGUAGES = tuple(_BODIES)
"""The languages the message is written in."""


def letter(language: str, name: str, site: str, page: str, date: str) -> Letter:
    """Return the message in `language` (English when the project has no words for it)."""
    lang = language.split("-")[0].lower()
    lang = lang if lang in _BODIES else "en"
    fields = {"name": name, "site": site, "page": page, "date": date}
    return Letter(lang, _SUBJECTS[lang].format(**fields), _BODIES[lang].format(**fields))
