"""Generate a realistic synthetic directory of N entries for benchmarks.

    python benchmarks/generate.py OUT_DIR [--entries 10000] [--seed 1]

Every kind, attendance and schedule shape; locations in many regions of seven countries;
names, summaries and 150-300 word Markdown descriptions in every site language. The site
settings and vocabularies are the sample directory's own, so the output builds as is.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.model.models import JOINING, KINDS, WEEKDAYS  # noqa: E402

COSTS = ["free", "free", "free", "donation", "sliding-scale", "fee"]
PLACES = [  # city, region, country, latitude, longitude, time zone
    ("Springfield", "Illinois", "US", 39.78, -89.65, "America/Chicago"),
    ("Chicago", "Illinois", "US", 41.88, -87.63, "America/Chicago"),
    ("Austin", "Texas", "US", 30.27, -97.74, "America/Chicago"),
    ("Houston", "Texas", "US", 29.76, -95.37, "America/Chicago"),
    ("Portland", "Oregon", "US", 45.52, -122.68, "America/Los_Angeles"),
    ("Seattle", "Washington", "US", 47.61, -122.33, "America/Los_Angeles"),
    ("Oakland", "California", "US", 37.80, -122.27, "America/Los_Angeles"),
    ("Fresno", "California", "US", 36.74, -119.79, "America/Los_Angeles"),
    ("Denver", "Colorado", "US", 39.74, -104.99, "America/Denver"),
    ("Phoenix", "Arizona", "US", 33.45, -112.07, "America/Phoenix"),
    ("Atlanta", "Georgia", "US", 33.75, -84.39, "America/New_York"),
    ("Boston", "Massachusetts", "US", 42.36, -71.06, "America/New_York"),
    ("Buffalo", "New York", "US", 42.89, -78.88, "America/New_York"),
    ("Pittsburgh", "Pennsylvania", "US", 40.44, -79.99, "America/New_York"),
    ("Richmond", "Virginia", "US", 37.54, -77.44, "America/New_York"),
    ("Madison", "Wisconsin", "US", 43.07, -89.40, "America/Chicago"),
    ("Toronto", "Ontario", "CA", 43.65, -79.38, "America/Toronto"),
    ("Ottawa", "Ontario", "CA", 45.42, -75.70, "America/Toronto"),
    ("Montréal", "Québec", "CA", 45.50, -73.57, "America/Toronto"),
    ("Vancouver", "British Columbia", "CA", 49.28, -123.12, "America/Vancouver"),
    ("Winnipeg", "Manitoba", "CA", 49.90, -97.14, "America/Winnipeg"),
    ("Halifax", "Nova Scotia", "CA", 44.65, -63.58, "America/Halifax"),
    ("Manchester", "England", "GB", 53.48, -2.24, "Europe/London"),
    ("Bristol", "England", "GB", 51.45, -2.59, "Europe/London"),
    ("Leeds", "England", "GB", 53.80, -1.55, "Europe/London"),
    ("Glasgow", "Scotland", "GB", 55.86, -4.25, "Europe/London"),
    ("Cardiff", "Wales", "GB", 51.48, -3.18, "Europe/London"),
    ("Belfast", "Northern Ireland", "GB", 54.60, -5.93, "Europe/London"),
    ("Dublin", "County Dublin", "IE", 53.35, -6.26, "Europe/Dublin"),
    ("Cork", "County Cork", "IE", 51.90, -8.47, "Europe/Dublin"),
    ("Galway", "County Galway", "IE", 53.27, -9.05, "Europe/Dublin"),
    ("Lyon", "Auvergne-Rhône-Alpes", "FR", 45.76, 4.84, "Europe/Paris"),
    ("Paris", "Île-de-France", "FR", 48.86, 2.35, "Europe/Paris"),
    ("Marseille", "Provence-Alpes-Côte d'Azur", "FR", 43.30, 5.37, "Europe/Paris"),
    ("Lille", "Hauts-de-France", "FR", 50.63, 3.06, "Europe/Paris"),
    ("Toulouse", "Occitanie", "FR", 43.60, 1.44, "Europe/Paris"),
    ("Nantes", "Pays de la Loire", "FR", 47.22, -1.55, "Europe/Paris"),
    ("Madrid", "Comunidad de Madrid", "ES", 40.42, -3.70, "Europe/Madrid"),
    ("Barcelona", "Cataluña", "ES", 41.39, 2.17, "Europe/Madrid"),
    ("Sevilla", "Andalucía", "ES", 37.39, -5.98, "Europe/Madrid"),
    ("Valencia", "Comunitat Valenciana", "ES", 39.47, -0.38, "Europe/Madrid"),
    ("Bilbao", "País Vasco", "ES", 43.26, -2.93, "Europe/Madrid"),
    ("Sydney", "New South Wales", "AU", -33.87, 151.21, "Australia/Sydney"),
    ("Melbourne", "Victoria", "AU", -37.81, 144.96, "Australia/Melbourne"),
    ("Brisbane", "Queensland", "AU", -27.47, 153.03, "Australia/Brisbane"),
    ("Perth", "Western Australia", "AU", -31.95, 115.86, "Australia/Perth"),
    ("Adelaide", "South Australia", "AU", -34.93, 138.60, "Australia/Adelaide"),
]
PHONES = {
    "US": "+1 217 555 01{:02d}",
    "CA": "+1 613 555 01{:02d}",
    "GB": "+44 20 7946 0{:03d}",
    "FR": "+33 1 99 00 {:02d} {:02d}",
    "AU": "+61 491 570 {:03d}",
}
WORDS = {
    "en": {
        "names": [
            "Peer Circle",
            "Support Group",
            "Mutual Aid Group",
            "Peer Network",
            "Listening Line",
            "Peer Mentors",
            "Community Forum",
            "Staff Peer Program",
        ],
        "adjectives": [
            "Riverside",
            "Harbour",
            "Oak Street",
            "Northside",
            "Lakeview",
            "Hillcrest",
            "Old Town",
            "Meadow",
            "Station Road",
            "Elm Park",
        ],
        "summary": "A {kind} where people who have lived through {topic} support each other as "
        "equals, with no pressure to speak.",
        "sentences": [
            "Each meeting opens with a short round where everyone says their first name and how "
            "their week has been, and anyone may pass.",
            "The facilitators have their own lived experience and completed training in "
            "listening, boundaries and trauma-aware practice.",
            "What is shared in the group stays in the group, and nobody is asked to explain "
            "their diagnosis or their history.",
            "Newcomers are welcome at any meeting and can simply listen for as long as they "
            "like before joining in.",
            "Peer support does not replace professional care, and the group keeps a list of "
            "local services for anyone who wants more help.",
            "There is tea, a quiet corner for anyone who needs a break, and time after the "
            "meeting to talk informally.",
            "People come for different reasons: some for a few weeks after a hard time, others "
            "for years because the group has become part of their routine.",
            "The group agrees its own guidelines together and reviews them every few months so "
            "that everyone feels safe.",
            "If you are unsure whether the group is right for you, you can contact the "
            "organizers first and ask anything.",
            "Meetings end on time, and nobody will follow up with you unless you ask them to.",
        ],
    },
    "es": {
        "names": [
            "Círculo de Pares",
            "Grupo de Apoyo",
            "Grupo de Ayuda Mutua",
            "Red de Pares",
            "Línea de Escucha",
            "Mentores entre Pares",
            "Foro Comunitario",
            "Programa de Pares",
        ],
        "summary": "Un espacio de {kind} donde personas que han vivido {topic} se apoyan como "
        "iguales, sin presión para hablar.",
        "sentences": [
            "Cada reunión empieza con una ronda breve en la que cada persona dice su nombre y "
            "cómo ha ido su semana, y se puede pasar.",
            "Las personas facilitadoras tienen experiencia propia y se han formado en escucha, "
            "límites y prácticas sensibles al trauma.",
            "Lo que se comparte en el grupo se queda en el grupo, y nadie tiene que explicar su "
            "diagnóstico ni su historia.",
            "Las personas nuevas son bienvenidas en cualquier reunión y pueden solo escuchar el "
            "tiempo que quieran.",
            "El apoyo entre pares no sustituye la atención profesional, y el grupo tiene una "
            "lista de servicios locales para quien necesite más ayuda.",
            "Hay té, un rincón tranquilo para quien necesite un descanso y tiempo después de la "
            "reunión para charlar.",
            "La gente viene por motivos distintos: algunas personas unas semanas tras un mal "
            "momento, otras durante años.",
            "El grupo acuerda sus propias normas y las revisa cada pocos meses para que todo el "
            "mundo se sienta seguro.",
            "Si no sabes si el grupo es para ti, puedes escribir antes a las personas "
            "organizadoras y preguntar lo que quieras.",
            "Las reuniones terminan a su hora y nadie te contactará después salvo que lo pidas.",
        ],
    },
    "fr": {
        "names": [
            "Cercle de pairs",
            "Groupe de soutien",
            "Groupe d'entraide",
            "Réseau de pairs",
            "Ligne d'écoute",
            "Mentorat entre pairs",
            "Forum communautaire",
            "Programme de pairs",
        ],
        "summary": "Un lieu de {kind} où des personnes ayant vécu {topic} se soutiennent "
        "d'égal à égal, sans obligation de parler.",
        "sentences": [
            "Chaque rencontre commence par un court tour de table où chacun dit son prénom et "
            "comment s'est passée sa semaine, et chacun peut passer son tour.",
            "Les animateurs ont leur propre expérience vécue et sont formés à l'écoute, aux "
            "limites et aux pratiques attentives au trauma.",
            "Ce qui se dit dans le groupe reste dans le groupe, et personne n'a à expliquer son "
            "diagnostic ou son histoire.",
            "Les nouvelles personnes sont les bienvenues à chaque rencontre et peuvent simplement "
            "écouter aussi longtemps qu'elles le souhaitent.",
            "La pair-aidance ne remplace pas les soins professionnels, et le groupe tient une "
            "liste de services locaux pour qui souhaite plus d'aide.",
            "Il y a du thé, un coin calme pour faire une pause et du temps après la rencontre "
            "pour discuter librement.",
            "On vient pour des raisons différentes : quelques semaines après un moment difficile, "
            "ou pendant des années.",
            "Le groupe définit ensemble ses propres règles et les revoit tous les quelques mois "
            "pour que chacun s'y sente en sécurité.",
            "Si vous hésitez, vous pouvez d'abord contacter l'équipe et poser toutes vos "
            "questions.",
            "Les rencontres finissent à l'heure, et personne ne vous relancera sans votre accord.",
        ],
    },
    "ar": {
        "names": [
            "حلقة الأقران",
            "مجموعة الدعم",
            "مجموعة العون المتبادل",
            "شبكة الأقران",
            "خط الإصغاء",
            "إرشاد الأقران",
            "المنتدى المجتمعي",
            "برنامج الأقران",
        ],
        "summary": "مساحة {kind} يدعم فيها أشخاص عاشوا تجربة {topic} بعضهم بعضًا على قدم "
        "المساواة، دون ضغط للكلام.",
        "sentences": [
            "يبدأ كل لقاء بجولة قصيرة يذكر فيها كل شخص اسمه الأول وكيف كان أسبوعه، ويمكن لأي "
            "شخص أن يعتذر عن الكلام.",
            "لدى الميسّرين تجربة معيشة خاصة بهم، وقد تلقوا تدريبًا على الإصغاء ووضع الحدود "
            "ومراعاة الصدمات.",
            "ما يُقال في المجموعة يبقى فيها، ولا يُطلب من أحد أن يشرح تشخيصه أو قصته.",
            "القادمون الجدد مرحّب بهم في أي لقاء، ويمكنهم الاكتفاء بالاستماع ما شاؤوا.",
            "لا يغني دعم الأقران عن الرعاية المهنية، وتحتفظ المجموعة بقائمة بالخدمات المحلية "
            "لمن يريد مزيدًا من المساعدة.",
            "هناك شاي وركن هادئ لمن يحتاج إلى استراحة، ووقت بعد اللقاء للحديث بحرية.",
            "يأتي الناس لأسباب مختلفة: بعضهم لأسابيع بعد وقت صعب، وآخرون لسنوات.",
            "تتفق المجموعة معًا على قواعدها وتراجعها كل بضعة أشهر ليشعر الجميع بالأمان.",
            "إن لم تكن متأكدًا من أن المجموعة تناسبك، يمكنك التواصل مع المنظمين أولًا وطرح أي سؤال.",
            "تنتهي اللقاءات في موعدها، ولن يتواصل معك أحد بعدها إلا إذا طلبت ذلك.",
        ],
    },
}


def _description(rng: random.Random, lang: str) -> str:
    sentences = WORDS[lang]["sentences"]
    target = rng.randint(150, 300)
    paragraphs: list[str] = []
    words = 0
    while words < target:
        picked = rng.sample(sentences, 3)
        # about one description in six has a list, most are paragraphs only, as written by hand
        if words and rng.random() < 0.06:
            paragraphs.append("\n".join(f"- {sentence}" for sentence in picked))
        else:
            paragraphs.append(" ".join(picked))
        words += sum(len(sentence.split()) for sentence in picked)
    return "\n\n".join(paragraphs) + "\n"


def _schedule(rng: random.Random, kind: str, zone: str) -> object:
    shape = rng.random()
    if kind == "warmline" and shape < 0.5:
        return "24/7"
    if kind == "one-to-one" and shape < 0.6:
        return "by-appointment"
    meetings = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        hour = rng.choice([9, 10, 12, 14, 17, 18, 19])
        meeting: dict[str, object] = {
            "day": rng.choice(WEEKDAYS),
            "start": f"{hour:02d}:30",
            "end": f"{hour + 1:02d}:45",
        }
        if rng.random() < 0.2:
            meeting["weeks"] = rng.choice([[1, 3], [2, 4], [-1], [1]])
        meetings.append(meeting)
    return {"timezone": zone, "meetings": meetings}


def generate(out: Path, entries: int, seed: int = 1) -> Path:
    """Write a content folder with `entries` entries; return it."""
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    (out / "groups").mkdir(parents=True)
    # the sample's settings, published to no particular host: a benchmark measures the build,
    # and GitHub Pages' 1 GB would stop a 10,000-entry one (build still reports the size)
    settings = (ROOT / "content" / "site.yaml").read_text(encoding="utf-8")
    settings, hosts = re.subn(r"(?m)^host: .*$", "host: generic", settings)
    assert hosts == 1, "content/site.yaml names its host on one line"
    (out / "site.yaml").write_text(settings, encoding="utf-8")
    shutil.copy(ROOT / "content" / "vocabularies.yaml", out / "vocabularies.yaml")
    shutil.copytree(ROOT / "content" / "resources", out / "resources")
    vocab = yaml.safe_load((ROOT / "content" / "vocabularies.yaml").read_text(encoding="utf-8"))
    topics = sorted(vocab["topics"])
    audiences = sorted(vocab["audiences"])
    access = sorted(vocab["accessibility"])
    practices = sorted(vocab["practices"])
    for number in range(entries):
        kind = KINDS[number % len(KINDS)]
        city, region, country, lat, lon, zone = rng.choice(PLACES)
        attendance = rng.choice(["in-person", "in-person", "online", "hybrid"])
        topic = rng.choice(topics)
        base = rng.choice(WORDS["en"]["adjectives"])
        name = {}
        summary = {}
        description = {}
        for lang in ("en", "es", "fr", "ar"):
            words = WORDS[lang]
            label = vocab["topics"][topic]["label"][lang]
            kind_word = words["names"][KINDS.index(kind)]
            name[lang] = f"{base} {city} {words['names'][number % 8]} {number}"
            summary[lang] = str(words["summary"]).format(
                kind=kind_word.lower(), topic=label.lower()
            )
            description[lang] = _description(rng, lang)
        entry: dict[str, object] = {
            "name": name,
            "kind": kind,
            "summary": summary,
            "description": description,
            "attendance": attendance,
            "joining": rng.choice(JOINING),
            "facilitation": rng.choice(["peer-led", "peer-led", "co-facilitated"]),
            "topics": sorted({topic, rng.choice(topics)}),
            "audiences": sorted(set(rng.sample(audiences, rng.randint(0, 2)))),
            "languages": rng.choice([["en"], ["en", "es"], ["fr"], ["es"], ["ar", "en"]]),
            "cost": rng.choice(COSTS),
            "schedule": _schedule(rng, kind, zone),
            "accessibility": sorted(set(rng.sample(access, rng.randint(0, 3)))),
            "practices": sorted(set(rng.sample(practices, rng.randint(0, 2)))),
            "verified": {
                "date": f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}",
                "source": "Synthetic benchmark data",
            },
        }
        if attendance != "online":
            entry["location"] = {
                "venue": f"{base} Community Centre",
                "address": f"{rng.randint(1, 400)} Main Street",
                "city": city,
                "region": region,
                "country": country,
                "coordinates": [
                    round(lat + rng.uniform(-0.1, 0.1), 4),
                    round(lon + rng.uniform(-0.1, 0.1), 4),
                ],
            }
        if attendance != "in-person":
            entry["online"] = {
                "url": f"https://example.org/join/{number}",
                "platform": rng.choice(["zoom", "jitsi", "forum", "phone"]),
            }
            if attendance == "online":
                entry["online"]["countries"] = [country]  # type: ignore[index]
        contact: dict[str, str] = {"email": f"group{number}@example.org"}
        if country in PHONES and rng.random() < 0.5:
            pattern = PHONES[country]
            contact["phone"] = (
                pattern.format(number % 100, number % 97)
                if country == "FR"
                else pattern.format(number % 100)
            )
        entry["contact"] = contact
        folder = out / "groups" / country.lower()
        folder.mkdir(exist_ok=True)
        text = (
            "# yaml-language-server: $schema=../../../schema/group.schema.json\n"
            + yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=100)
        )
        (folder / f"entry-{number:05d}.yaml").write_text(text, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.entries, args.seed)
    print(f"wrote {args.entries} entries to {args.out}")


if __name__ == "__main__":
    main()
