"""Benchmark data: units, persons and 专业课学时认定 applications with their review cases and 流程日志.

    .venv/bin/python bench/generate.py --persons 20000 --applications 10000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zhuanji_bench .venv/bin/python bench/generate.py ...

It migrates, loads the province data, catalog and recogniser configuration, then bulk-creates rows with
explicit ids (no per-row services: they would take hours) shaped exactly like the services' rows: a
case per application on route hours.recognition, one Step per finished stretch (提交 / 同意 / 退回 /
收回 / 重新提交), certificates content-signed with the recogniser's key for every approved application,
and the numbering counters moved past every number used, so the real services keep working afterwards.
Running it again appends (use it to grow a database from the small size to the big one); --flush empties
the database first. Not generated: audit entries, evidence files and certificate PDF files.
"""

import argparse
import datetime
import hashlib
import io
import random
import secrets
import time
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import env

env.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from zhuanji.accounts.choices import DEGREES, EDUCATIONS  # noqa: E402
from zhuanji.accounts.models import Person, User  # noqa: E402
from zhuanji.catalog.models import Qualification  # noqa: E402
from zhuanji.certificates import keys, signing  # noqa: E402
from zhuanji.certificates.models import Certificate, CertificateKind  # noqa: E402
from zhuanji.common.fakeids import make_credit_code, make_id_number  # noqa: E402
from zhuanji.common.models import Counter  # noqa: E402
from zhuanji.hours.config import CATEGORIES  # noqa: E402
from zhuanji.hours.models import Application, AreaLevel, Item, RecognizerRule  # noqa: E402
from zhuanji.hours.routes import RECOGNIZER_NODE, ROUTE, UNIT_NODE  # noqa: E402
from zhuanji.orgs.models import Membership, Organisation, OrgKind, Region, Role  # noqa: E402
from zhuanji.reviews.models import SUBMITTER_NODE, Action, Case, CaseState, Step  # noqa: E402

TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
CHUNK = 5000  # applications per transaction
BULK_MODELS = (User, Person, Organisation, Membership, Case, Application, Step, Item, Certificate)

# Where units are: Urumqi dominates; region-level units (universities, big hospitals) report to the region.
PREFECTURE_WEIGHTS = {"650000": 14, "650100": 30, "653100": 12, "654000": 10}
OTHER_PREFECTURE_WEIGHT = 3
UNIT_TYPES = ("人民医院", "第一中学", "实验小学", "设计研究院", "职业技术学院", "建设工程公司", "农业技术推广站",
              "疾病预防控制中心", "广播电视台", "水利管理处", "会计师事务所", "中医医院")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国新疆天山红梅志文斌海燕玉兰德明亮晓燕春"
UYGHUR = ("买买提", "艾尔肯", "古丽娜尔", "阿依古丽", "热依拉", "吐尔逊", "努尔兰", "迪丽拜尔", "艾力", "阿不都",
          "帕提古丽", "伊力哈木", "再努尔", "米热古丽", "库尔班", "玛依拉")
ETHNIC_WEIGHTS = (("汉族", 45), ("维吾尔族", 35), ("哈萨克族", 8), ("回族", 6), ("柯尔克孜族", 2), ("蒙古族", 2),
                  ("锡伯族", 1), ("塔吉克族", 1))
# Counties python-stdnum accepts for people born 1984–2000 (it checks the county existed then), by prefecture;
# the region's own units recruit in Urumqi.
URUMQI = ("650102", "650103", "650104", "650105", "650106", "650107", "650121")
COUNTIES = {"6501": URUMQI, "6502": ("650202", "650203", "650204"), "6523": ("652301", "652323", "652324"),
            "6527": ("652722", "652723"), "6528": ("652801", "652822", "652823"), "6529": ("652901", "652922"),
            "6530": ("653022", "653023"), "6531": ("653101", "653121", "653122"), "6532": ("653201", "653221"),
            "6540": ("654001",), "6542": ("654201", "654221"), "6543": ("654301", "654321")}
BIRTH_FROM, BIRTH_DAYS = datetime.date(1984, 1, 1), 6000
RETURN_OPINIONS = ("佐证材料不清晰，请重新上传", "申请学时与佐证材料不符", "所选认定专业与现从事专业不一致")

# Outcomes: the transitions a case went through (see `_timeline`), weighted per year.
CURRENT_YEAR_OUTCOMES = {"draft": 12, "pending_unit": 22, "pending_recognizer": 18, "resubmitted": 3,
                         "returned_unit": 5, "returned_recognizer": 3, "withdrawn": 2, "approved": 30,
                         "approved_after_return": 5}
PAST_YEAR_OUTCOMES = {"draft": 3, "returned_unit": 3, "returned_recognizer": 2, "withdrawn": 1, "approved": 83,
                      "approved_after_return": 8}
SCRIPTS = {
    "draft": (),
    "pending_unit": ("submit",),
    "pending_recognizer": ("submit", "unit_approve"),
    "resubmitted": ("submit", "unit_return", "resubmit"),
    "returned_unit": ("submit", "unit_return"),
    "returned_recognizer": ("submit", "unit_approve", "recognizer_return"),
    "withdrawn": ("submit", "withdraw"),
    "approved": ("submit", "unit_approve", "recognizer_approve"),
    "approved_after_return": ("submit", "unit_return", "resubmit", "unit_approve", "recognizer_approve"),
}
# How long each transition waits after the previous one (hours, uniform range).
GAPS = {"submit": (1, 480), "resubmit": (2, 240), "unit_approve": (1, 240), "unit_return": (1, 240),
        "recognizer_approve": (2, 360), "recognizer_return": (2, 360), "withdraw": (1, 48)}


@contextmanager
def keep_timestamps():
    """bulk_create would stamp auto_now/auto_now_add fields with the present; keep the generated history."""
    fields = [f for m in BULK_MODELS for f in m._meta.concrete_fields
              if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Ids:
    """Explicit primary keys, continuing after whatever the tables already hold."""

    def __init__(self):
        self.next = {m: (m.objects.aggregate(m=Max("pk"))["m"] or 0) + 1 for m in BULK_MODELS}

    def take(self, model) -> int:
        value = self.next[model]
        self.next[model] = value + 1
        return value


class Counters:
    """The numbering scheme's counters (common.numbering), read once and written back at the end."""

    def __init__(self):
        self.values: dict[str, int] = {}

    def next(self, key: str) -> int:
        if key not in self.values:
            self.values[key] = Counter.objects.filter(key=key).values_list("value", flat=True).first() or 0
        self.values[key] += 1
        return self.values[key]

    def save(self) -> None:
        existing = set(Counter.objects.filter(key__in=self.values).values_list("key", flat=True))
        for key in existing:
            Counter.objects.filter(key=key).update(value=self.values[key])
        Counter.objects.bulk_create([Counter(key=k, value=v) for k, v in self.values.items() if k not in existing],
                                    batch_size=BATCH)


def local(dt: datetime.datetime) -> datetime.datetime:
    return dt.astimezone(TZ)


def person_name(rng: random.Random, ethnicity: str) -> str:
    if ethnicity in ("维吾尔族", "哈萨克族", "柯尔克孜族", "塔吉克族"):
        return f"{rng.choice(UYGHUR)}·{rng.choice(UYGHUR)}"
    return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2, 2))))


def phone(rng: random.Random) -> str:
    return f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.now = timezone.now()
        self.ids = Ids()
        self.counters = Counters()
        self.password = make_password(env.PASSWORD)  # one argon2 hash for every bench account
        self.app_type = ContentType.objects.get_for_model(Application)
        self.region = Region.objects.get(level=Region.Level.REGION)
        self.regions = {r.pk: r for r in Region.objects.all()}
        self._load_recognizers()
        self._load_existing()
        self.signing_keys: dict[int, keys.SigningKey] = {}

    # --- configuration ---------------------------------------------------------------------------------------
    def _load_recognizers(self) -> None:
        rules: dict[tuple, list[int]] = {}
        for rule in RecognizerRule.objects.filter(recognizer__is_active=True):
            rules.setdefault((rule.series_id, rule.area_level, rule.prefecture_id), []).append(rule.recognizer_id)
        self.orgs = {o.pk: o for o in Organisation.objects.exclude(kind=OrgKind.UNIT)}
        quals = list(Qualification.objects.with_path().filter(is_active=True, specialty__is_active=True))
        self.high: list[tuple[Qualification, list[int]]] = []
        self.junior: dict[int, list[tuple[Qualification, list[int]]]] = {}
        prefectures = [r for r in self.regions.values() if not r.is_region]
        for q in quals:
            series = q.specialty.series_id
            if q.is_high:
                found = rules.get((series, AreaLevel.REGION, None), [])
                if found:
                    self.high.append((q, found))
                continue
            for pref in prefectures:
                found = rules.get((series, AreaLevel.PREFECTURE, pref.pk), []) + rules.get(
                    (series, AreaLevel.PREFECTURE, None), [])
                if found:
                    self.junior.setdefault(pref.pk, []).append((q, found))
        if not self.high:
            raise SystemExit("no recogniser is configured: run load_hours_config first")
        recognizer_ids = {r for found in rules.values() for r in found}
        self.recognizer_staff = dict(Membership.objects.filter(org_id__in=recognizer_ids, role=Role.REVIEWER)
                                     .order_by("-pk").values_list("org_id", "user_id"))
        self.missing_recognizer_staff = sorted(recognizer_ids - set(self.recognizer_staff))

    def _load_existing(self) -> None:
        units = Organisation.objects.filter(kind=OrgKind.UNIT, registered_account__isnull=False)
        self.unit_admin = dict(units.values_list("pk", "registered_account_id"))
        self.unit_region = dict(units.values_list("pk", "region_id"))
        self.unit_weight: dict[int, float] = {}
        self.persons: list[tuple] = list(Person.objects.filter(work_unit__in=list(self.unit_admin)).values_list(
            "user_id", "work_unit_id", "user__name", "gender", "birth_date", "id_number", "ethnicity"))
        self.taken = set(Application.objects.values_list("applicant_id", "year", "qualification_id"))

    # --- units and staff -------------------------------------------------------------------------------------
    def _staff_user(self, name: str, when) -> User:
        return User(id=self.ids.take(User), username=f"YHBH{self.counters.next('YHBH'):08d}", name=name,
                    kind=User.Kind.STAFF, phone=phone(self.rng), password=self.password, date_joined=when,
                    updated_at=when)

    def recognizer_staff_create(self) -> None:
        users, memberships = [], []
        when = self.now - datetime.timedelta(days=2000)
        for org_id in self.missing_recognizer_staff:
            user = self._staff_user(f"{self.orgs[org_id].name[-8:]}审核员", when)
            users.append(user)
            memberships.append(Membership(id=self.ids.take(Membership), user_id=user.pk, org_id=org_id,
                                          role=Role.REVIEWER, created_at=when))
            self.recognizer_staff[org_id] = user.pk
        User.objects.bulk_create(users, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

    def units_create(self, count: int) -> None:
        by_code = {r.code: r for r in self.regions.values()}
        codes = list(by_code)
        weights = [PREFECTURE_WEIGHTS.get(c, OTHER_PREFECTURE_WEIGHT) for c in codes]
        users, orgs, memberships = [], [], []
        for _ in range(count):
            serial = self.counters.next("BENCH.unit")
            region = by_code[self.rng.choices(codes, weights)[0]]
            when = self.now - datetime.timedelta(days=self.rng.uniform(400, 2500))
            contact = person_name(self.rng, "汉族")
            user = self._staff_user(contact, when)
            org = Organisation(
                id=self.ids.take(Organisation), code=f"DWBH{self.counters.next('DWBH'):08d}",
                name=f"{region.short_name or region.name}{self.rng.choice(UNIT_TYPES)}（{serial}）", kind=OrgKind.UNIT,
                region=region, credit_code=make_credit_code(serial, division=region.code, kind="12"),
                registered_account_id=user.pk, address=f"{region.name}建设路{serial % 900 + 1}号", postcode="830000",
                contact_name=contact, contact_phone=user.phone, legal_representative=person_name(self.rng, "汉族"),
                unit_nature="事业单位", created_at=when, updated_at=when)
            users.append(user)
            orgs.append(org)
            memberships.append(Membership(id=self.ids.take(Membership), user_id=user.pk, org_id=org.pk,
                                          role=Role.ADMIN, created_at=when))
            self.unit_admin[org.pk] = user.pk
            self.unit_region[org.pk] = region.pk
        User.objects.bulk_create(users, batch_size=BATCH)
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

    # --- persons ---------------------------------------------------------------------------------------------
    def _unit_picker(self):
        """Unit sizes are heavy-tailed: a few hospitals and universities employ thousands."""
        units = sorted(self.unit_admin)
        for unit in units:
            self.unit_weight.setdefault(unit, self.rng.paretovariate(1.1))
        cumulative, total = [], 0.0
        for unit in units:
            total += self.unit_weight[unit]
            cumulative.append(total)
        return lambda k: self.rng.choices(units, cum_weights=cumulative, k=k)

    def persons_create(self, count: int) -> None:
        pick_units = self._unit_picker()
        ethnicities, ethnic_weights = zip(*ETHNIC_WEIGHTS, strict=True)
        done = 0
        while done < count:
            n = min(CHUNK * 2, count - done)
            users, persons = [], []
            for unit_id in pick_units(n):
                region_code = self.regions[self.unit_region[unit_id]].code
                county = self.rng.choice(COUNTIES.get(region_code[:4], URUMQI))
                # Numbered per county, so no two people share birth date and sequence within a county.
                rest = self.counters.next(f"BENCH.id.{county}") - 1
                birth = BIRTH_FROM + datetime.timedelta(days=rest % BIRTH_DAYS)
                gender = self.rng.choice(("男", "女"))
                id_number = make_id_number(rest // BIRTH_DAYS, county=county, birth=birth, gender=gender)
                ethnicity = self.rng.choices(ethnicities, ethnic_weights)[0]
                name = person_name(self.rng, ethnicity)
                when = self.now - datetime.timedelta(days=self.rng.uniform(10, 2500))
                user = User(id=self.ids.take(User), username=id_number, name=name, kind=User.Kind.PERSON,
                            phone=phone(self.rng), password=self.password, date_joined=when, updated_at=when)
                users.append(user)
                persons.append(Person(id=self.ids.take(Person), user_id=user.pk, id_number=id_number, gender=gender,
                                      birth_date=birth, ethnicity=ethnicity, education=self.rng.choice(EDUCATIONS[:5]),
                                      degree=self.rng.choice(DEGREES), work_unit_id=unit_id, updated_at=when))
                self.persons.append((user.pk, unit_id, name, gender, birth, id_number, ethnicity))
            with transaction.atomic():
                User.objects.bulk_create(users, batch_size=BATCH)
                Person.objects.bulk_create(persons, batch_size=BATCH)
            done += n
            print(f"  persons {done}/{count}", flush=True)

    # --- applications ----------------------------------------------------------------------------------------
    def _choose(self, person) -> tuple[Qualification, int, int] | None:
        """(qualification, area region id, recogniser id) for the person's unit, as the wizard allows."""
        region_id = self.unit_region[person[1]]
        junior = self.junior.get(region_id)
        if junior and self.rng.random() < 0.7:
            qualification, recognizers = self.rng.choice(junior)
            return qualification, region_id, self.rng.choice(recognizers)
        qualification, recognizers = self.rng.choice(self.high)
        return qualification, self.region.pk, self.rng.choice(recognizers)

    def _timeline(self, year: int, outcome: str) -> tuple[datetime.datetime, list[tuple[str, datetime.datetime]]]:
        """The draft's creation time and each transition's time; the current year's end before now."""
        gaps = [(step, datetime.timedelta(hours=self.rng.uniform(*GAPS[step]))) for step in SCRIPTS[outcome]]
        chain = sum((g for _, g in gaps), datetime.timedelta())
        start = datetime.datetime(year, 1, 1, tzinfo=TZ)
        end = min(datetime.datetime(year + 1, 1, 1, tzinfo=TZ), self.now - chain - datetime.timedelta(hours=1))
        created = start + (end - start) * self.rng.random() if end > start else start
        events, t = [], created
        for step, gap in gaps:
            t += gap
            events.append((step, t))
        return created, events

    def _items(self, app: Application, submitted: bool) -> list[Item]:
        total = self.rng.randint(60, 120) if submitted else self.rng.randint(0, 50)
        items = []
        while total > 0:
            hours = min(total, self.rng.choice((8, 12, 16, 20, 24, 30, 40)))
            total -= hours
            category = self.rng.choice(CATEGORIES)
            start = datetime.date(app.year, self.rng.randint(1, 10), self.rng.randint(1, 28))
            items.append(Item(id=self.ids.take(Item), application_id=app.pk, category=category.key,
                              title=f"{category.types[0]}（{app.number[-4:]}-{len(items) + 1}）",
                              organiser="新疆维吾尔自治区人力资源和社会保障厅",
                              item_type=self.rng.choice(category.types), start_date=start,
                              end_date=start + datetime.timedelta(days=self.rng.randint(1, 30)), hours=hours,
                              created_at=app.created_at))
        return items

    def _certificate(self, app: Application, person, qualification: Qualification, hours: int) -> Certificate:
        issuer = self.orgs[app.recognized_by_id]
        issued = local(app.recognized_at)
        number = f"XSRD{issued.year}{self.counters.next(f'XSRD{issued.year}'):06d}"
        _, _, name, gender, birth, id_number, ethnicity = person
        cert = Certificate(
            id=self.ids.take(Certificate), number=number, kind=CertificateKind.HOURS, holder_id=app.applicant_id,
            issuer=issuer, name=name, gender=gender, ethnicity=ethnicity, birth_date=birth, id_number=id_number,
            issuer_name=issuer.name, series=qualification.specialty.series.name,
            specialty=qualification.specialty.name, qualification=qualification.name,
            level=qualification.get_level_display(), qualification_path=qualification.path, year=app.year,
            filled_year=app.fill_year, hours=Decimal(hours), issued_on=issued.date(),
            source=f"hours.Application:{app.pk}", pdf=f"certificates/pdf/{issued.year}/{number}.pdf",
            pdf_sha256=hashlib.sha256(number.encode()).hexdigest(), verify_token=secrets.token_urlsafe(16),
            created_at=app.recognized_at)
        if issuer.pk not in self.signing_keys:
            self.signing_keys[issuer.pk] = keys.org_key(issuer)
        signing_key = self.signing_keys[issuer.pk]
        cert.key_id = signing_key.key_id
        cert.signature = signing.content_sign(cert, signing_key)
        return cert

    def _one(self, year: int, outcome: str, out: dict) -> None:
        for _ in range(20):
            person = self.rng.choice(self.persons)
            qualification, area_id, recognizer_id = self._choose(person)
            key = (person[0], year, qualification.pk)
            if key not in self.taken:
                break
        else:
            return
        self.taken.add(key)
        applicant, unit = person[0], person[1]
        created, events = self._timeline(year, outcome)
        fill_date = local(created).date()
        number = f"SQ{fill_date:%Y%m%d}{self.counters.next(f'SQ{fill_date:%Y%m%d}'):06d}"
        case = Case(id=self.ids.take(Case), route=ROUTE.key, state=CaseState.DRAFT, node="", submitter_id=applicant,
                    year=year, number=number, title=f"{person[2]} {qualification.path}", content_type=self.app_type,
                    created_at=created, arrived_at=created, updated_at=created, version=0)
        app = Application(id=self.ids.take(Application), number=number, case_id=case.pk, applicant_id=applicant,
                          fill_year=fill_date.year, fill_date=fill_date, year=year, area_id=area_id,
                          work_unit_id=unit, qualification=qualification, created_at=created, updated_at=created)
        case.object_id = app.pk
        handlers = {UNIT_NODE: self.unit_admin[unit], RECOGNIZER_NODE: self.recognizer_staff[recognizer_id]}
        orgs = {UNIT_NODE: unit, RECOGNIZER_NODE: recognizer_id}
        labels = {n.key: n.label for n in ROUTE.nodes}
        steps = out["steps"]

        def append(node, org, handler, action, at, opinion=""):
            label = labels.get(node, ROUTE.submitter_label)
            steps.append(Step(id=self.ids.take(Step), case_id=case.pk, seq=case.version + 1, node=node,
                              node_label=label, org_id=org, handler_id=handler, action=action, opinion=opinion,
                              started_at=case.arrived_at, ended_at=at))
            case.version += 1
            case.arrived_at = case.updated_at = at

        def move(state, node="", current=None, previous=None):
            case.state, case.node, case.current_org_id, case.previous_org_id = state, node, current, previous

        for step, at in events:
            if step in ("submit", "resubmit"):
                append(SUBMITTER_NODE, None, applicant, Action.SUBMIT if step == "submit" else Action.RESUBMIT, at)
                move(CaseState.PENDING, UNIT_NODE, unit)
                case.submitted_at = at
            elif step == "unit_approve":
                append(UNIT_NODE, unit, handlers[UNIT_NODE], Action.APPROVE, at)
                move(CaseState.PENDING, RECOGNIZER_NODE, recognizer_id, unit)
            elif step == "recognizer_approve":
                append(RECOGNIZER_NODE, recognizer_id, handlers[RECOGNIZER_NODE], Action.APPROVE, at)
                move(CaseState.APPROVED)
            elif step == "withdraw":
                append(UNIT_NODE, unit, applicant, Action.WITHDRAW, at)
                move(CaseState.WITHDRAWN)
            else:
                node = UNIT_NODE if step == "unit_return" else RECOGNIZER_NODE
                append(node, orgs[node], handlers[node], Action.RETURN, at, self.rng.choice(RETURN_OPINIONS))
                move(CaseState.RETURNED)
        items = self._items(app, submitted=bool(events))
        if case.state == CaseState.APPROVED:
            app.recognized_hours = sum(i.hours for i in items)
            app.recognized_at = app.updated_at = case.arrived_at
            app.recognized_by_id = recognizer_id
            out["certificates"].append(self._certificate(app, person, qualification, app.recognized_hours))
        out["cases"].append(case)
        out["applications"].append(app)
        out["items"].extend(items)

    def applications_create(self, count: int) -> None:
        this_year = local(self.now).year
        years = [this_year - 4, this_year - 3, this_year - 2, this_year - 1, this_year]
        year_weights = [10, 15, 20, 25, 30]
        done = 0
        while done < count:
            n = min(CHUNK, count - done)
            out = {"cases": [], "applications": [], "steps": [], "items": [], "certificates": []}
            for year in self.rng.choices(years, year_weights, k=n):
                table = CURRENT_YEAR_OUTCOMES if year == this_year else PAST_YEAR_OUTCOMES
                self._one(year, self.rng.choices(list(table), list(table.values()))[0], out)
            with transaction.atomic():
                Case.objects.bulk_create(out["cases"], batch_size=BATCH)
                Application.objects.bulk_create(out["applications"], batch_size=BATCH)
                Step.objects.bulk_create(out["steps"], batch_size=BATCH)
                Item.objects.bulk_create(out["items"], batch_size=BATCH)
                Certificate.objects.bulk_create(out["certificates"], batch_size=BATCH)
            done += n
            print(f"  applications {done}/{count} (+{len(out['steps'])} steps, {len(out['items'])} items, "
                  f"{len(out['certificates'])} certificates)", flush=True)

    def finish(self) -> None:
        self.counters.save()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), BULK_MODELS):
                cursor.execute(sql)
        # Fresh planner statistics: the benchmark's EXPLAIN should see the tables as they are.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--persons", type=int, default=20000, help="persons to add")
    parser.add_argument("--applications", type=int, default=10000, help="hours-recognition applications to add")
    parser.add_argument("--units", type=int, default=None, help="units to add (default: persons / 60)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (default: a new one per run)")
    parser.add_argument("--flush", action="store_true", help="empty the database first")
    args = parser.parse_args()

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    if args.flush:
        call_command("flush", interactive=False, verbosity=0)
    for command in ("load_province", "load_catalog", "load_hours_config"):
        call_command(command, verbosity=0, stdout=io.StringIO())
    generator = Generator(args.seed if args.seed is not None else secrets.randbits(32))
    with keep_timestamps():
        with transaction.atomic():
            generator.recognizer_staff_create()
            generator.units_create(args.units if args.units is not None else max(args.persons // 60, 10))
        print(f"units ready ({len(generator.unit_admin)}) {time.perf_counter() - started:.1f}s", flush=True)
        generator.persons_create(args.persons)
        if not generator.persons:
            raise SystemExit("no persons to apply: pass --persons")
        generator.applications_create(args.applications)
    generator.finish()
    print(f"done in {time.perf_counter() - started:.1f}s: {User.objects.count()} users, "
          f"{Case.objects.count()} cases, {Step.objects.count()} steps, {Certificate.objects.count()} certificates",
          flush=True)


if __name__ == "__main__":
    main()
